"""The office's web server (`cme-desktop serve`): an ASGI application on Starlette, served by uvicorn.

One route module per capability, each giving `routes()`: `health` (/healthz) and `twilio` (the texting
webhook and delivery reports) today; the learner portal and the faculty disclosure forms join the same app.
`app.create_app(ctx, config)` builds the application on a service context; `server` runs it (workers,
deadlines for slow clients, signals). No rule lives here: the routes call the same services as the desktop.
"""
