"""The signed verbale (issue 13, item 4): the approved verbale exported as PDF, signed with a
throwaway certificate by OpenSSL (CAdES, .p7m), uploaded by the chair, kept append-only and
served; every wrong upload refused with a clear error and nothing kept."""
import asyncio
import json
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import Server
from test_exports import TABLE, Member, approved, export  # noqa: F401 (the fixture)


def request(server, method, path, token, body=None, content_type="application/octet-stream"):
    call = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=body, method=method,
                                  headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def sign(tmp_path, document, name):
    """A CAdES envelope of `document` (the PDF inside), with a key and certificate made here."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    if not key.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                        "-subj", "/CN=Anna Rossi/O=Comune di Budrio", "-days", "1"], check=True, capture_output=True)
    source = tmp_path / f"{name}.bin"
    source.write_bytes(document)
    signed = tmp_path / f"{name}.p7m"
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-in", str(source), "-signer", str(cert), "-inkey", str(key),
                    "-outform", "DER", "-out", str(signed)], check=True, capture_output=True)
    return signed.read_bytes()


def pades(tmp_path, pdf):
    """The PDF with a signature dictionary appended as an incremental update does (ISO 32000-1
    §12.8.1): /ByteRange covers every byte but the /Contents hex string, which holds a detached
    CMS signature of those bytes made by OpenSSL. (No new cross-reference section: the server
    reads the signature, and a viewer is not needed here.)"""
    sign(tmp_path, b"", "warm-up")  # makes the key and certificate
    placeholder = b"0" * 16384
    head = pdf + b"\n9999 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange [0 "
    fixed = head + b"%010d %010d %010d]/Contents <" % (0, 0, 0)
    start_hex = len(fixed) - 1  # the '<'
    tail = b">/M(D:20261205120000Z)>>\nendobj\n%%EOF\n"
    end_hex = start_hex + 1 + len(placeholder) + 1  # after the '>'
    # The second range runs from just after the '>' (the tail's first byte) to the end.
    byte_range = b"%010d %010d %010d]/Contents <" % (start_hex, end_hex, len(tail) - 1)
    document = head + byte_range + placeholder + tail
    assert document.index(b"<" + placeholder) == start_hex
    signed_bytes = document[:start_hex] + document[end_hex:]
    source = tmp_path / "byterange.bin"
    source.write_bytes(signed_bytes)
    der = tmp_path / "signature.der"
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-in", str(source), "-signer", str(tmp_path / "cert.pem"),
                    "-inkey", str(tmp_path / "key.pem"), "-outform", "DER", "-out", str(der)], check=True, capture_output=True)
    contents = der.read_bytes().hex().encode().ljust(len(placeholder), b"0")
    return document[:start_hex + 1] + contents + document[end_hex - 1:]


def test_a_pades_signed_pdf_is_checked_inside_the_pdf(approved, tmp_path):  # noqa: F811
    pdf = export(approved, tmp_path, "pdf")
    signed = pades(tmp_path, pdf)
    session, tokens = approved["session"], approved["tokens"]
    path = f"/api/tables/{TABLE}/sessions/{session}/signed"
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        # A byte changed inside the signed range: the signature no longer verifies.
        broken = bytearray(signed)
        broken[100] ^= 0x01
        status, body, _ = request(server, "POST", path, tokens["facilitator"], bytes(broken), "application/pdf")
        assert status == 422 and b"does not verify" in body
        status, body, _ = request(server, "POST", path, tokens["facilitator"], signed, "application/pdf")  # the secretary
        assert status == 201 and json.loads(body)["kind"] == "pades", body
        status, served, headers = request(server, "GET", path, tokens["pa"])
        assert status == 200 and served == signed and headers["content-type"] == "application/pdf"
    finally:
        server.stop()


def test_the_chair_uploads_the_signed_verbale_and_every_wrong_upload_is_refused(approved, tmp_path):  # noqa: F811
    pdf = export(approved, tmp_path, "pdf")
    p7m = sign(tmp_path, pdf, "verbale")
    session, tokens = approved["session"], approved["tokens"]
    path = f"/api/tables/{TABLE}/sessions/{session}/signed"
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        # What is served before (nothing, or the copy another test uploaded) and how many uploads the audit log holds.
        before = request(server, "GET", path, tokens["pa"])[:2]
        audit = f"/api/tables/{TABLE}/audit.csv"
        signed_before = request(server, "GET", audit, tokens["facilitator"])[1].decode().count("minutes.signed")

        # Refused, each with its reason, and nothing kept.
        status, body, _ = request(server, "POST", path, tokens["ets"], p7m)
        assert status == 403 and b"chair or the secretary" in body
        status, body, _ = request(server, "POST", path, tokens["pa"], b"Gentili colleghi, ecco il verbale.")
        assert status == 422 and b"neither a PDF nor a signed envelope" in body
        status, body, _ = request(server, "POST", path, tokens["pa"], pdf)
        assert status == 422 and b"no digital signature" in body
        other = sign(tmp_path, pdf.replace(approved["hash"].encode(), b"0" * 64), "altro")
        status, body, _ = request(server, "POST", path, tokens["pa"], other)
        assert status == 422 and b"not the approved verbale" in body and approved["hash"].encode() in body
        tampered = bytearray(p7m)
        tampered[len(tampered) // 2] ^= 0xFF
        status, body, _ = request(server, "POST", path, tokens["pa"], bytes(tampered))
        assert status == 422, body
        status, _, _ = request(server, "POST", path, tokens["pa"], b"%PDF-" + b"x" * (2 << 20))
        assert status == 413
        assert request(server, "GET", path, tokens["pa"])[:2] == before

        # A session not approved yet cannot be signed.
        async def schedule():
            facilitator = Member(server, "fabio-2", tokens["facilitator"])
            await facilitator.connect()
            state = await facilitator.act("scheduleSession", title="Seconda seduta")
            await facilitator.close()
            return state["sessions"][-1]["id"]
        second = asyncio.run(schedule())
        status, body, _ = request(server, "POST", f"/api/tables/{TABLE}/sessions/{second}/signed", tokens["facilitator"], p7m)
        assert status == 409 and b"not approved yet" in body

        # The chair's upload is checked, kept and served; the overview says so.
        status, body, _ = request(server, "POST", path, tokens["pa"], p7m, "application/pkcs7-mime")
        assert status == 201, body
        answer = json.loads(body)
        assert answer["kind"] == "cades" and answer["contentHash"] == approved["hash"]
        status, served, headers = request(server, "GET", path, tokens["ets"])
        assert status == 200 and served == p7m and headers["content-type"] == "application/pkcs7-mime"
        assert ".p7m" in headers["content-disposition"]
        status, body, _ = request(server, "GET", f"/api/tables/{TABLE}/history", tokens["ets"])
        overview = json.loads(body)
        first = next(s for s in overview["sessions"] if s["id"] == session)
        assert first["signedCopy"]["kind"] == "cades" and first["endsAt"] >= first["approvedAt"] >= first["closedAt"]
        # The audit log records this upload once, and none of the refused ones.
        status, body, _ = request(server, "GET", audit, tokens["facilitator"])
        assert status == 200 and body.decode().count("minutes.signed") == signed_before + 1
    finally:
        server.stop()
