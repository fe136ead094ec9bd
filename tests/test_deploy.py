"""docker-compose.yml and the Dockerfile must agree with the code they run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from poshuk import esnode
from poshuk.core.config import Settings
from poshuk.core.schema import load_template

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_services_and_ports_agree() -> None:
    services = compose()["services"]
    assert set(services) >= {"api", "ui"}
    api, ui = services["api"], services["ui"]
    assert api["command"][:2] == ["poshuk", "serve"]
    api_port = option(api["command"], "--port")
    assert f"{api_port}:{api_port}" in api["ports"]
    assert api_port in " ".join(api["healthcheck"]["test"])
    assert ui["command"][:2] == ["poshuk", "ui"]
    assert option(ui["command"], "--api") == f"http://api:{api_port}"
    ui_port = option(ui["command"], "--port")
    assert f"{ui_port}:{ui_port}" in ui["ports"]
    assert ui["image"] == api["image"]


def test_api_and_ui_are_kept_running() -> None:
    services = compose()["services"]
    for name in ("api", "ui"):
        assert services[name]["restart"] in ("always", "unless-stopped"), name


def test_environment_names_are_settings_the_code_reads() -> None:
    fields = set(Settings.model_fields)
    services = compose()["services"]
    for service in (services["api"], services["ui"]):
        for name in service.get("environment", {}):
            assert name.startswith("POSHUK_") and name[7:].lower() in fields, name


def test_image_version_is_the_package_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert compose()["services"]["api"]["image"] == f"poshuk:{version}"


def test_dockerfile_copies_every_package_the_distribution_ships() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    shipped = {pattern.rstrip("*") for pattern in include}
    copied = set(re.findall(r"^COPY (\w+) \1$", (ROOT / "Dockerfile").read_text(), re.M))
    assert copied == shipped
    data_volume = compose()["services"]["api"]["volumes"][0].split(":")[1]
    assert f"ENV POSHUK_HOME={data_volume}" in (ROOT / "Dockerfile").read_text()


def test_elasticsearch_service_matches_the_local_node_and_the_client() -> None:
    services = compose()["services"]
    es = services["elasticsearch"]
    image, version = es["image"].rsplit(":", 1)
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    assert version == esnode.ES_VERSION  # the same server the tests run against
    # the client pin must cover the server's minor (a newer client sends headers it refuses)
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [client] = [pin for pin in pins if pin.startswith("elasticsearch")]
    assert Version(version) in SpecifierSet(client.removeprefix("elasticsearch"))
    major, minor = version.split(".")[:2]
    assert f"<{major}.{int(minor) + 1}" in client
    assert es["environment"]["discovery.type"] == "single-node"
    assert "-Xmx" in es["environment"]["ES_JAVA_OPTS"]
    assert "_cluster/health" in " ".join(es["healthcheck"]["test"])


def test_api_reaches_elasticsearch_by_service_name_and_port() -> None:
    services = compose()["services"]
    env = services["api"]["environment"]
    assert env["POSHUK_ENGINE"] == "elasticsearch"
    url = env["POSHUK_ES_URL"]
    assert url == "http://elasticsearch:9200"
    assert "127.0.0.1:9200:9200" in services["elasticsearch"]["ports"]
    assert services["api"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_the_template_needs_nothing_the_stock_node_lacks() -> None:
    """Analysis happens in Python, so no analyzer may need a plugin or a dictionary file:
    only the standard tokenizer and the lowercase and stop filters (in every distribution)."""
    analysis = load_template()["template"]["settings"]["analysis"]
    assert {spec["type"] for spec in analysis["filter"].values()} == {"stop"}
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] == "standard"
        assert set(analyzer["filter"]) <= {"lowercase"} | set(analysis["filter"])


# --- the "team" profile: a 3-node cluster, two API replicas behind nginx, the UI ------------

def team() -> dict[str, dict]:  # type: ignore[type-arg]
    return {name: service for name, service in compose()["services"].items()
            if "team" in service.get("profiles", [])}


def test_the_team_profile_leaves_the_one_node_stack_alone() -> None:
    services = compose()["services"]
    assert {"elasticsearch", "api", "ui"}.isdisjoint(team())
    assert all("profiles" not in services[name] for name in ("elasticsearch", "api", "ui"))
    # nothing of the team publishes a host port the one-node stack already uses
    single = {port.rsplit(":", 1)[0] for name in ("elasticsearch", "api", "ui")
              for port in services[name].get("ports", [])}
    for name, service in team().items():
        for port in service.get("ports", []):
            assert port.rsplit(":", 1)[0] not in single, (name, port)


def test_every_team_service_restarts_and_reports_its_health() -> None:
    for name, service in team().items():
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        for dependency in service.get("depends_on", {}).values():
            assert dependency["condition"] == "service_healthy", name


def es_nodes() -> dict[str, dict]:  # type: ignore[type-arg]
    return {name: service for name, service in team().items()
            if service["image"].startswith("docker.elastic.co/elasticsearch/")}


def test_the_team_cluster_is_three_nodes_that_find_each_other() -> None:
    nodes = es_nodes()
    assert len(nodes) == 3
    for name, node in nodes.items():
        assert node["image"].rsplit(":", 1)[1] == esnode.ES_VERSION
        env = node["environment"]
        assert env["node.name"] == name and "discovery.type" not in env
        assert set(env["discovery.seed_hosts"].split(",")) == set(nodes)
        assert set(env["cluster.initial_master_nodes"].split(",")) == set(nodes)
        assert env["cluster.name"] == "poshuk-team"
        assert "-Xmx" in env["ES_JAVA_OPTS"]
        assert [volume.split(":")[1] for volume in node["volumes"]] == [
            "/usr/share/elasticsearch/data"]
    assert len({node["volumes"][0].split(":")[0] for node in nodes.values()}) == 3


def api_replicas() -> dict[str, dict]:  # type: ignore[type-arg]
    return {name: service for name, service in team().items()
            if service.get("command", [])[:2] == ["poshuk", "serve"]}


def test_api_replicas_are_valid_settings_naming_every_node() -> None:
    replicas, nodes = api_replicas(), es_nodes()
    assert len(replicas) == 2
    for name, service in replicas.items():
        env = service["environment"]
        assert all(key.startswith("POSHUK_") and key[7:].lower() in Settings.model_fields
                   for key in env), name
        settings = Settings(**{key[7:].lower(): value for key, value in env.items()})
        assert settings.engine == "elasticsearch"
        assert settings.es_urls == [f"http://{node}:9200" for node in sorted(nodes)]
        assert 1 <= settings.es_replicas < len(nodes)  # a node may go without losing data
        assert settings.es_shards >= 1
        mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}
        assert str(settings.home) in mounts and str(settings.blob_dir) in mounts
        assert set(service["depends_on"]) == set(nodes) | {"postgres"}, name
    # the replicas share one catalog, one blob store and one index
    assert len({str(service["environment"]) for service in replicas.values()}) == 1
    assert len({str(service["volumes"]) for service in replicas.values()}) == 1


def nginx_conf() -> str:
    [mount] = team()["proxy"]["volumes"]
    source, target = mount.split(":")[:2]
    assert target == "/etc/nginx/conf.d/default.conf"
    return (ROOT / str(source)).read_text(encoding="utf-8")


def test_the_proxy_sends_requests_to_every_api_replica() -> None:
    conf, proxy = nginx_conf(), team()["proxy"]
    upstreams = set(re.findall(r"^\s*server (\S+?)(?: |;)", conf, re.M))
    expected = {f"{name}:{option(service['command'], '--port')}"
                for name, service in api_replicas().items()}
    assert upstreams == expected
    assert set(proxy["depends_on"]) == set(api_replicas())
    [listen] = re.findall(r"^\s*listen (\d+);", conf, re.M)
    assert f"{listen}:{listen}" in proxy["ports"]
    assert f":{listen}/" in " ".join(proxy["healthcheck"]["test"])
    # nginx must let through every upload the API accepts (it answers 413 itself otherwise)
    [body_mb] = re.findall(r"client_max_body_size (\d+)m;", conf)
    assert int(body_mb) >= Settings().upload_max_mb
    ui = team()["team-ui"]
    assert option(ui["command"], "--api") == f"http://proxy:{listen}"
    assert ui["image"] == compose()["services"]["api"]["image"]
    ui_port = option(ui["command"], "--port")
    assert f"{ui_port}:{ui_port}" in ui["ports"]


def test_the_team_catalog_is_the_postgres_service() -> None:
    """Every team process that opens the catalog names the ``postgres`` service: its
    host, port, user and database, and the password it is given."""
    from urllib.parse import urlsplit

    pg = team()["postgres"]
    env = pg["environment"]
    assert pg["image"].split(":")[0] == "postgres"
    assert "pg_isready" in pg["healthcheck"]["test"]
    assert [v.split(":")[1] for v in pg["volumes"]] == ["/var/lib/postgresql/data"]
    assert "--no-locale" in env["POSTGRES_INITDB_ARGS"]  # sorted as SQLite sorts
    users = [service for service in team().values()
             if service.get("command", [])[:1] == ["poshuk"] and
             "POSHUK_HOME" in service.get("environment", {})]
    assert users
    for service in users:
        url = service["environment"]["POSHUK_CATALOG_URL"]
        assert Settings(catalog_url=url).catalog_url == url
        parts = urlsplit(url)
        assert parts.scheme == "postgresql" and parts.hostname == "postgres"
        assert (parts.port, parts.username, parts.path) == (
            5432, env["POSTGRES_USER"], f"/{env['POSTGRES_DB']}")
        assert parts.password == env["POSTGRES_PASSWORD"]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_team_workers_share_the_api_replicas_settings() -> None:
    """The workers read the same catalog, blob store, index and audit key as the API
    replicas, and the replicas leave parsing to them."""
    workers = {name: service for name, service in team().items()
               if service.get("command", [])[:2] == ["poshuk", "worker"]}
    assert len(workers) >= 2
    [replica_env] = {str(service["environment"]) for service in api_replicas().values()}
    replica = next(iter(api_replicas().values()))
    assert Settings(**{k[7:].lower(): v for k, v in replica["environment"].items()}
                    ).inprocess_worker is False
    for name, service in workers.items():
        assert str(service["environment"]) == replica_env, name
        assert service["volumes"] == replica["volumes"], name
        assert set(service["depends_on"]) == set(replica["depends_on"]), name
