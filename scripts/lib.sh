# Shared by scripts/serve.sh and scripts/test.sh: check, and install when missing,
# what a fresh machine lacks. Debian packages via apt-get (we run as root).

ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
  fi
  command -v swift >/dev/null 2>&1 || { echo "Swift 6.3 is required (https://swift.org/install)"; exit 1; }
}

# The system libraries the server links against.
# The service runs on libwebsockets' libev plugin (epoll) over a libev loop of its own.
SERVER_PACKAGES=(libwebsockets-dev libwebsockets-evlib-ev libev-dev pkg-config libsqlite3-dev zlib1g-dev libbrotli-dev openssl)
# The archival exports: LibreOffice turns the minutes' ODT into PDF/A, with fonts it can embed;
# Calc opens the dashboard's ODS in the tests.
EXPORT_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-dejavu-core)
# The browser tests drive a real headless Chromium; zbarimg reads the admin page's QR codes.
BROWSER_TEST_PACKAGES=(chromium chromium-driver zbar-tools)
