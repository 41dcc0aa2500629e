"""What Linli does: one module per capability, plus the conversation core they share.

Dependencies point one way: bot -> actions -> (actions.db, nlu). Nothing here imports telegram.
"""
