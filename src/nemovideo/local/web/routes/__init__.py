"""The API's routes, one module per group; each handler reads the request, calls the backend, writes the answer."""

from starlette.routing import BaseRoute

from nemovideo.local.web.routes import account, chat, media, render

ROUTES: list[BaseRoute] = [*account.ROUTES, *media.ROUTES, *chat.ROUTES, *render.ROUTES]
