"""`tavolo migrate-store` round trip on a real data folder with history: a session written by the
history generator (`tavolo-bench history --write-only`: five people typing the minutes, the floor,
polls, an approval), procedures, tables and invitations made with the commands; copied to an
empty PostgreSQL, verified, and then served and exported from PostgreSQL exactly as from SQLite.

TAVOLO_MIGRATE_HOURS sets the session's length (default 0.05 h in the suite; the debug build
writes about 7 simulated seconds a second, so the three hours of issue 17 take ~25 minutes:
run them with TAVOLO_MIGRATE_HOURS=3)."""
import asyncio
import os
import subprocess

from conftest import BINARY, ROOT
from multinode import fresh_database, node, postgres_base_url, psql
from conftest import Server
from tavolo_client import TableClient

BENCH = BINARY.parent / "tavolo-bench"
TABLE, SESSION = "ambito-anziani", "seduta-1"


def tavolo(*args, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, check=check, env=env, cwd=ROOT)


def joined_version(server):
    async def join():
        client = TableClient(server.ws_url, "lettore", TABLE)
        joined = await client.connect()
        await client.close()
        return joined["version"]
    return asyncio.run(asyncio.wait_for(join(), 60))


def test_a_deployment_with_history_moves_to_postgres_and_reads_the_same(tmp_path):
    database = fresh_database(postgres_base_url())
    data = str(tmp_path / "data")
    hours = os.environ.get("TAVOLO_MIGRATE_HOURS", "0.05")
    subprocess.run([str(BENCH), "history", "--hours", hours, "--write-only", "--data-directory", data],
                   check=True, capture_output=True, timeout=3600)
    store = ["--data-dir", data]
    tavolo("procedure", "create", *store, "--id", "avviso-2026", "--title", "Avviso pubblico – Pianura Est",
           "--legal-basis", "art. 55 D.Lgs. 117/2017", "--area", "Anziani", "--area", "Disabilità")
    tavolo("table", "create", *store, "--id", "ambito-disabilita", "--title", "Ambito disabilità", "--procedure", "avviso-2026")
    invited = tavolo("invite", "create", *store, "--table", TABLE, "--role", "pa", "--name", "Paola Bianchi",
                     "--org", "Comune di Budrio").stdout
    invitation = invited.split()[3]
    tavolo("invite", "revoke", *store, invitation)
    exported = tmp_path / "sqlite.md"
    tavolo("export", "minutes", *store, "--table", TABLE, "--session", SESSION, "--format", "md", "--output", str(exported))

    copied = tavolo("migrate-store", "--from", f"sqlite:{data}", "--to", f"postgres:{database}")
    lines = copied.stdout.splitlines()
    assert "copy verified" in lines[-1], copied.stdout
    per_table = {line.split()[0]: line for line in lines[:-1]}
    assert set(per_table) == {"procedure", "co_table", "invitation", "audit_event", "op_batch", "snapshot", "replica",
                              "table_event", "signed_copy"}
    assert all(line.endswith(" ok") for line in per_table.values())
    batches = int(per_table["op_batch"].split()[1])
    assert batches > 100
    assert psql(database, "SELECT COUNT(*) FROM op_batch") == [[str(batches)]]

    # A second copy into the same database is refused (it would duplicate the record).
    again = tavolo("migrate-store", "--from", f"sqlite:{data}", "--to", f"postgres:{database}", check=False)
    assert again.returncode != 0 and "already holds rows" in again.stderr, again.stderr

    # The verification notices a difference (a title changed behind its back).
    psql(database, "UPDATE co_table SET title = 'altro' WHERE id = 'ambito-disabilita'")
    tampered = tavolo("migrate-store", "--verify-only", "--from", f"sqlite:{data}", "--to", f"postgres:{database}", check=False)
    assert tampered.returncode != 0 and "co_table differs" in tampered.stderr, tampered.stderr
    psql(database, "UPDATE co_table SET title = 'Ambito disabilità' WHERE id = 'ambito-disabilita'")
    tavolo("migrate-store", "--verify-only", "--from", f"sqlite:{data}", "--to", f"postgres:{database}")

    # The same minutes come out of PostgreSQL, and the revocation and invitations came along.
    from_postgres = tmp_path / "postgres.md"
    postgres = ["--data-dir", data, "--store", "postgres", "--postgres-url", database]
    tavolo("export", "minutes", *postgres, "--table", TABLE, "--session", SESSION, "--format", "md", "--output", str(from_postgres))
    assert from_postgres.read_bytes() == exported.read_bytes()
    listed = tavolo("invite", "list", *postgres, "--table", TABLE).stdout
    assert invitation in listed and "revoked" in listed

    # A node on PostgreSQL serves the table at the same version as one on SQLite.
    on_sqlite = Server(data_directory=data)
    try:
        expected = joined_version(on_sqlite)
    finally:
        on_sqlite.stop()
    on_postgres = node(database, data_directory=data)
    try:
        assert joined_version(on_postgres) == expected
    finally:
        on_postgres.stop()
