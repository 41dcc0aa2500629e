"""Community life: volunteer teams, the time bank, events, announcements and household votes.

    common         look-ups shared by the community-life capabilities
    volunteers     teams, joining with the leader's approval
    team_leave     leaving a team in words (退出义剪队), confirmed
    timebank       a double-entry ledger of service minutes
    events         events, sign-ups, waiting lists
    events_staff   /new_event, /attendance
    events_follow  那防诈骗讲座呢 after asking to join: the same request for that one
    announcements  /announce to groups and people
    notices_asked  what an announcement said, asked later (停水是哪天来着)
    deliberation   household votes (议事)
    typed_votes    votes and vote questions in words (我家同意, 投票结果出来没)
    my_events      my sign-ups, cancelling in words
"""
