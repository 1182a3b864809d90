"""What the backend does for a request, without HTTP: the chat turn from credit hold to settle (`chat`),
URL uploads (`urlfetch`), and the composition root that builds every service over one data dir (`backend`)."""
