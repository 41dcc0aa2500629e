"""The elder canteen (长者食堂).

    rules    rules from data/canteen.yml: opening days, cut-off, capacity, prices
    service  finding the canteen, reading dates, the capacity-safe booking service (no handlers)
    query    query_menu
    booking  book_meal (a form with read-back)
    mine     "我订了什么" (/mymeals) and cancel_meal
    menu     menu formats (chat lines, YAML, CSV), publishing, change notices, demo menu
    staff    staff in the chat: /menu, /delivery, /kitchen; the Friday announcement
    kitchen  the kitchen list at the cut-off and its CSV export
    holidays telling staff when the holiday calendar lacks the coming year
"""
