"""The HTTP layer, and the only code that imports Starlette: the app and its routes, request dependencies
(`deps`: the caller, session ownership), the wire conventions (`wire`), the chat stream (`sse`), multipart
uploads (`multipart`), the OpenAPI description, fault injection, and the uvicorn server (`server`)."""
