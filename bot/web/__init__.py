"""The staff console in the browser: an adapter like Telegram, on the same database and the same
capability code (FastAPI + Jinja2 + htmx, ECharts for charts, all served by the app itself).

    app.py      the ASGI app: static files, timing, error pages, the views' routers
    auth.py     who is asking: the session cookie, the roles read from the database per request
    acting.py   actions run through the chat's own handlers (a Context whose replies are shown)
    views/      one module per page: login, tickets, tonight, canteen, overview
    server.py   `linli console`, and the console started beside the bot by `linli run`
"""
