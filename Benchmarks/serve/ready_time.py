#!/usr/bin/env python3
"""Start-to-ready of `flowc serve`: spawn it, poll GET /readyz on loopback every 0.5 ms until it
answers 200, print the milliseconds; then SIGTERM it and wait.

ready_time.py RUNS FLOWC CONFIG PORT [fresh-store-dir-to-delete-before-each-run]
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

runs, flowc, config, port = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
fresh = sys.argv[5] if len(sys.argv) > 5 else None


def ready():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


times = []
for _ in range(runs):
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([flowc, "serve", "--config", config, "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not ready():
        if process.poll() is not None:
            sys.exit(f"flowc serve exited with {process.returncode} before it was ready")
        if time.perf_counter() - start > 30:
            process.kill()
            sys.exit("not ready after 30 s")
        time.sleep(0.0005)
    times.append((time.perf_counter() - start) * 1000)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
times.sort()
print("READY runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f all=%s" % (
    runs, times[0], times[len(times) // 2], times[-1], ",".join("%.1f" % t for t in times)))
