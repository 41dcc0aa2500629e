"""Community life: volunteer teams, the time bank, events, announcements and household votes.

    common         look-ups shared by the community-life capabilities
    volunteers     teams, joining with the leader's approval
    team_leave     leaving a team in words (退出义剪队), confirmed
    timebank       a double-entry ledger of service minutes
    events         what is coming, a question about an event by its name
    event_lookup   the event words name, the one this chat spoke of last
    event_join     signing up in words or by button, capacity and the waiting list
    event_change   one sign-up given up for another (or a later date) in one message
    events_staff   /new_event, /attendance
    event_new_words  staff describing a new event in one sentence: the form, already filled
    event_move     staff moving one date (讲座改到下周一), the signed-up told
    events_follow  那防诈骗讲座呢 after asking to join: the same request for that one
    announcements  /announce to groups and people
    notices_asked  what an announcement said, asked later (停水是哪天来着)
    deliberation   household votes (议事): voting, the questions open to a household
    deliberation_opening  opening a question (the vote_new form), putting it to households
    deliberation_closing  closing due votes, the community's answer
    typed_votes    votes and vote questions in words (我家同意, 投票结果出来没)
    my_events      my sign-ups, cancelling in words
    home_visit     义剪能来我家吗: a service asked to come home is a help request
"""
