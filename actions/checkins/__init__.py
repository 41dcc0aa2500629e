"""Evening safety check-ins (平安问候) for elders living alone.

    rules       data/checkins.yml: times, reminder and escalation delays
    common      shared look-ups and wording
    enrol       /enrol, invites
    round       the 20:00 round, reminders, escalation to contacts
    escalation  contacts' buttons and outcomes
    elder       the elder's answers, pause and resume
    reports     the daily summary and the weekly chart
"""
