"""The FastAPI peer for bench/http: the same two routes as bench_http_server, as `async def`
endpoints (the fast path for FastAPI). Served by Debian's uvicorn, 1 worker, no access log."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/hello", response_class=HTMLResponse)
async def hello():
    return "Hello World"


@app.get("/json")
async def json_endpoint():
    return {"message": "Hello World", "id": 1}
