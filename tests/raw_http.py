"""One HTTP exchange on a raw socket: the bytes a server sends, exactly, until it closes the
connection. http.client would not do: it hides interim responses, normalises the status line
and refuses a response with none."""

import socket


def exchange(port: int, request: bytes) -> bytes:
    """One raw request, and everything the server answers before it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer
