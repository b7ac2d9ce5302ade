"""The admin page's QR codes (web/admin/qr.js) read by a real decoder: for several URLs (invitation
links of every size up to the longest names and organisations the server takes, accents, a bare
host) the SVG the page shows is rasterised with Pillow, quiet zone included, and `zbarimg`
(Debian's zbar-tools) must read back exactly the URL. A symbol with a patch of modules flipped
still reads (the Reed–Solomon correction works, not only the happy path). The encoder runs in
node, as the page runs it in the browser."""
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
QR_MODULE = ROOT / "web" / "admin" / "qr.js"

TOKEN = ("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ0YXZvbG8iLCJuYW1lIjoiQ2FybGEgVmVyZGkiLCJ0YmwiOiJhbWJpdG8t"
         "YW56aWFuaS1waWFudXJhLWVzdCIsImlhdCI6MTc5NjQ1ODU3NSwiZXhwIjoxNzk5MDUwNTc1LCJvcmciOiJBc3NvY2lhemlvbmUgZGkgcHJv"
         "bW96aW9uZSBzb2NpYWxlIEF1cm9yYSIsInJvbGUiOiJldHMiLCJqdGkiOiJjMzE1NTI2Ni01MTc1LTQwODktOWRjZS03NjExMWZkYjA2MzMi"
         "fQ.md3cDCHgdABM0Os6VurF16T84t69LEz5Ufc1bGO8dRA")
URLS = [
    "http://127.0.0.1:8080/",                                                    # version 2
    "https://tavolo.comune.casalecchio.bo.it/admin/",                            # version 4
    f"http://127.0.0.1:8080/#invito={TOKEN}",                                    # a real link: version 15
    f"https://coprogettazione.unione-reno-galliera.bo.it/#invito={TOKEN}",       # version 16
    f"https://tavolo.example.it/#invito={TOKEN}" + "A" * 1200,                   # long names: version 33
    "https://tavolo.example.it/#invito=" + "x" * 2297,                           # 2,331 bytes: version 40, the largest
    "https://tavolo.example.it/tavoli/città-perché/«anziani»",                   # UTF-8 beyond ASCII: version 4
]


def encode(text, **options):
    """The page's own code: qr.js in node → {version, size, mask, modules, svg}."""
    script = ("import { encodeQR, qrSVG } from %s;"
              "const [text, options] = JSON.parse(process.argv[1]);"
              "const code = encodeQR(text, options);"
              "process.stdout.write(JSON.stringify({ ...code, svg: qrSVG(code, { label: 'QR' }) }));") % json.dumps(QR_MODULE.as_uri())
    result = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps([text, options])],
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def svg_modules(svg):
    """Reads the SVG back as a matrix (quiet zone included), from its viewBox and its path of row runs."""
    side = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    assert re.search(r'<rect width="%d" height="%d" fill="#fff"/>' % (side, side), svg), "a light background"
    dark = [[False] * side for _ in range(side)]
    path = re.search(r'<path fill="#000" d="([^"]*)"', svg).group(1)
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path)
    assert "".join(f"M{x} {y}h{w}v1h-{w2}z" for x, y, w, w2 in runs) == path, "the path is only row runs"
    for x, y, w, _ in runs:
        for i in range(int(w)):
            dark[int(y)][int(x) + i] = True
    return dark


def png(modules, path, scale):
    side = len(modules)
    image = Image.new("L", (side, side), 255)
    image.putdata([0 if v else 255 for row in modules for v in row])
    image.resize((side * scale, side * scale), Image.NEAREST).save(path)
    return path


def zbar(path):
    """What zbarimg reads in the image (as bytes, decoded as UTF-8); None when it finds no code."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", str(path)],
                            capture_output=True, timeout=60)
    if result.returncode != 0:
        return None
    return result.stdout.removesuffix(b"\n").decode("utf-8")


@pytest.fixture(scope="module", autouse=True)
def tools():
    assert shutil.which("zbarimg"), "zbarimg is missing: scripts/test.sh installs zbar-tools (scripts/lib.sh)"
    if not shutil.which("node"):
        # scripts/test.sh installs node after pytest, for the node tests; a later run has it.
        pytest.skip("node is not installed yet")


@pytest.mark.parametrize("url", URLS)
def test_zbar_reads_back_every_url(url, tmp_path):
    code = encode(url)
    modules = svg_modules(code["svg"])
    quiet = (len(modules) - code["size"]) // 2
    assert quiet == 4, "a quiet zone of 4 modules"
    assert not any(modules[r][c] for r in range(len(modules)) for c in range(len(modules))
                   if min(r, c) < quiet or max(r, c) >= quiet + code["size"]), "the quiet zone is light"
    assert [row[quiet:quiet + code["size"]] for row in modules[quiet:quiet + code["size"]]] == code["modules"]
    for scale in (4, 2):
        assert zbar(png(modules, tmp_path / f"qr-{scale}.png", scale)) == url, f"version {code['version']}, {scale} px a module"


def test_a_real_invitation_link_needs_version_15_and_the_longest_fits_40():
    assert encode(URLS[2])["version"] == 15
    assert encode(URLS[5])["version"] == 40


@pytest.mark.parametrize("mask", range(8))
def test_every_mask_reads(mask, tmp_path):
    code = encode(URLS[2], mask=mask)
    assert code["mask"] == mask
    assert zbar(png(svg_modules(code["svg"]), tmp_path / "qr.png", 4)) == URLS[2]


def test_a_damaged_symbol_still_reads(tmp_path):
    """Level M recovers about 15% of the codewords: a 4×4 patch and 30 scattered data modules flipped."""
    code = encode(URLS[2])
    modules = svg_modules(code["svg"])
    quiet = 4
    for r in range(14, 18):
        for c in range(14, 18):
            modules[quiet + r][quiet + c] = not modules[quiet + r][quiet + c]
    rng = random.Random(12)
    size = code["size"]
    # Scattered flips in the lower right quarter, away from the finders, timing and format areas.
    for _ in range(30):
        r, c = rng.randrange(size // 2, size - 1), rng.randrange(size // 2, size - 1)
        if (r - 70) ** 2 + (c - 70) ** 2 <= 8 or (r - 48) ** 2 + (c - 48) ** 2 <= 8 or (r - 70) ** 2 + (c - 48) ** 2 <= 8 \
                or (r - 48) ** 2 + (c - 70) ** 2 <= 8:
            continue  # alignment patterns
        modules[quiet + r][quiet + c] = not modules[quiet + r][quiet + c]
    assert zbar(png(modules, tmp_path / "damaged.png", 4)) == URLS[2]
