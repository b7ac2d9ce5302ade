"""The `tavolo` command: help, configuration errors, precedence."""
import subprocess

from conftest import BINARY, ROOT, Server


def tavolo(*args, env=None):
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, env=env or {}, cwd=ROOT, timeout=30)


def test_help_documents_every_setting():
    out = tavolo("serve", "--help").stdout
    for flag in ["--config", "--host", "--port", "--web-root", "--data-directory", "--log-level", "--max-message-bytes",
                 "--send-queue-messages", "--send-queue-bytes", "--ping-interval-seconds", "--idle-timeout-seconds",
                 "--allowed-origin", "--permessage-deflate", "--tls-certificate", "--tls-private-key", "TAVOLO_PORT"]:
        assert flag in out, flag
    assert "serve" in tavolo("--help").stdout


def test_invalid_flag_value_names_the_key_and_form():
    result = tavolo("serve", "--port", "porta")
    assert result.returncode != 0
    assert "'port'" in result.stderr and "expected an integer from 0 to 65535" in result.stderr


def test_invalid_environment_value_names_the_variable():
    result = tavolo("serve", env={"TAVOLO_MAX_MESSAGE_BYTES": "-5"})
    assert result.returncode != 0
    assert "'maxMessageBytes'" in result.stderr and "TAVOLO_MAX_MESSAGE_BYTES" in result.stderr


def test_invalid_config_file_value_names_the_key(tmp_path):
    config = tmp_path / "tavolo.yaml"
    config.write_text("idleTimeoutSeconds: sempre\n")
    result = tavolo("serve", "--config", str(config))
    assert result.returncode != 0
    assert "'idleTimeoutSeconds'" in result.stderr and "got 'sempre'" in result.stderr


def test_missing_web_root_fails_at_start():
    result = tavolo("serve", "--port", "0", "--web-root", "/nonexistent/web")
    assert result.returncode != 0
    assert "web root not found" in result.stderr


def test_flag_beats_environment_beats_file(tmp_path):
    config = tmp_path / "tavolo.yaml"
    config.write_text("webRoot: /nonexistent/from-file\nmaxMessageBytes: 4096\n")
    server = Server("--config", str(config), env={"TAVOLO_WEB_ROOT": "/nonexistent/from-env"})
    try:
        # --web-root given by the fixture wins over both; the file's other keys still apply.
        assert server.health()["status"] == "ok"
    finally:
        server.stop()
    result = tavolo("serve", "--port", "0", "--config", str(config), env={"TAVOLO_WEB_ROOT": "/nonexistent/from-env"})
    assert "from-env" in result.stderr
