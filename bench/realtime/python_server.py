"""The python-socketio peer (Debian's python3-socketio, ASGI AsyncServer under uvicorn), with the
same event logic as bench/realtime/echo_server.cpp and node_server.js: on `client_message`
{message: {id, output, ...}} it emits `task_start`, `new_message` {id, output: "echo: <output>",
...} and `task_end`; on `connection_successful` `task_end`, `clear_ask` and `clear_call_fn`.
Served at /ws/socket.io as Chainlit does. "stream N" streams N tokens 10 ms apart
(bench/agents).

Run: python3 -m uvicorn python_server:app --host 127.0.0.1 --port N --ws wsproto"""
import asyncio
import datetime
import uuid

import socketio

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*", ping_interval=25,
                           ping_timeout=20, max_http_buffer_size=1_000_000)
app = socketio.ASGIApp(sio, socketio_path="ws/socket.io")


@sio.on("connection_successful")
async def connection_successful(sid):
    await sio.emit("task_end", {}, to=sid)
    await sio.emit("clear_ask", {}, to=sid)
    await sio.emit("clear_call_fn", {}, to=sid)


@sio.on("client_message")
async def client_message(sid, payload):
    m = (payload or {}).get("message") or {}
    await sio.emit("task_start", {}, to=sid)
    output = str(m.get("output", ""))
    if output.startswith("stream "):
        try:
            n = max(1, min(100_000, int(output[7:])))
        except ValueError:
            n = 1
        await stream_tokens(sid, m, n)
        return
    await sio.emit("new_message", {
        "id": str(uuid.uuid4()),
        "threadId": m.get("threadId", ""),
        "parentId": m.get("id", ""),
        "name": "Assistant",
        "type": "assistant_message",
        "output": "echo: " + str(m.get("output", "")),
        "createdAt": m.get("createdAt", ""),
    }, to=sid)
    await sio.emit("task_end", {}, to=sid)


async def stream_tokens(sid, m, n):
    """"stream N": N tokens ("tok "), 10 ms apart, as bench_realtime_server.cpp streams them."""
    msg = {
        "id": str(uuid.uuid4()),
        "threadId": m.get("threadId", ""),
        "parentId": m.get("id", ""),
        "name": "Assistant",
        "type": "assistant_message",
        "output": "",
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "streaming": True,
    }
    for i in range(n):
        await asyncio.sleep(0.01)
        msg["output"] += "tok "
        if i == 0:
            await sio.emit("stream_start", msg, to=sid)
        else:
            await sio.emit("stream_token", {"id": msg["id"], "token": "tok ", "isSequence": False,
                                            "isInput": False}, to=sid)
    await sio.emit("new_message", {**msg, "streaming": False}, to=sid)
    await sio.emit("task_end", {}, to=sid)
