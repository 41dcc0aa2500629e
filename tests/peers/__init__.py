"""Local peers of outside services, for tests that may only talk to 127.0.0.1."""
