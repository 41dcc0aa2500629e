"""A WeCom (企业微信) peer: its API, its callbacks, its crypto, a control API (see peer.py)."""
