"""Tickets: repairs (报修) and help requests (求助), routed to the grid worker and followed until
fixed.

    config         categories and their deadlines (SLAs)
    lookups        numbering, look-ups by number, duplicates, followers
    routing        creating a ticket, who handles it, the staff card and buttons
    lifecycle      state changes with history, who may act
    text           how a ticket reads (cards for staff, lines for residents)
    repairs        report_repair: the repair form
    help_requests  request_help: the help form
    help_asked     谁能代我去交物业费 read as a question: a service asked for is a help request
    credit         time-bank minutes for a confirmed help request
    resident       query_report, 修好了吗 follow-up, scores
    withdraw       买菜那个不用了: a resident takes back her own open request
    staff          staff buttons and /tickets, /ticket
    staff_list_words  我手上还有哪些单: the list asked for in words
    followup_parts 灯修好了 门还是关不上: 修好了吗 answered for two tickets
    jobs           deadlines (SLA escalation), the morning digest
    demo           the demo community's tickets
    newcomer       a newcomer registers: her open help requests get her address
"""
