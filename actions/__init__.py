"""What Linli does: the engine (actions.core), the database (actions.db), and one package or
module per capability (tickets, canteen, checkins, community, basics, registration, emergency,
mailbox). Dependencies point one way: bot -> actions -> (actions.db, nlu); actions.core imports
no capability. Nothing here imports a messenger.
"""
