"""Community life: volunteer teams, the time bank, events, announcements and household votes.

    common         look-ups shared by the community-life capabilities
    volunteers     teams, joining with the leader's approval
    timebank       a double-entry ledger of service minutes
    events         events, sign-ups, waiting lists
    events_staff   /new_event, /attendance
    announcements  /announce to groups and people
    deliberation   household votes (议事)
"""
