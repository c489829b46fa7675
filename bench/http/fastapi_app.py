"""The FastAPI peer for bench/http: the same routes as bench_http_server, as `async def`
endpoints (the fast path for FastAPI). Served by Debian's uvicorn, 1 worker, no access log.
/protected checks a Bearer JWT with PyJWT (HS256, CHAINLIT_AUTH_SECRET), as Chainlit does."""
import os

import jwt
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import HTMLResponse

app = FastAPI()
SECRET = os.environ.get("CHAINLIT_AUTH_SECRET", "")


@app.get("/hello", response_class=HTMLResponse)
async def hello():
    return "Hello World"


@app.get("/json")
async def json_endpoint():
    return {"message": "Hello World", "id": 1}


@app.get("/protected")
async def protected(authorization: str = Header(default="")):
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="Invalid authentication token")
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid authentication token")
    return {"identifier": claims.get("identifier")}
