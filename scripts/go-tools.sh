# Sourced by scripts/ensure-pulumi.sh and scripts/ensure-actionlint.sh: the places and steps every
# tool built from a pinned Go module shares. The caller sets `set -euo pipefail` and defines `log`
# (its messages go to stderr).

# The repository, and <repo>/.tools/bin where the tools are built (git ignores the whole of .tools).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
TOOLS_BIN="$TOOLS_DIR/bin"

# The version of module $1 that the wrapper module's go.mod ($2) pins (empty when it names none).
pinned_module_version() {
  awk -v m="$1" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$2"
}

# Sets GO to the Go toolchain: on PATH, or where the official installer puts it (empty when neither).
find_go() {
  GO="$(command -v go 2>/dev/null || true)"
  if [[ -z "$GO" && -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go; fi
}

# Creates <repo>/.tools/bin, keeping the whole folder out of git even without a root .gitignore entry.
prepare_tools_dir() {
  mkdir -p "$TOOLS_BIN"
  [[ -f "$TOOLS_DIR/.gitignore" ]] || printf '*\n' >"$TOOLS_DIR/.gitignore"
}

# go_build_into NAME WRAPPER_DIR LDFLAGS PACKAGE: builds PACKAGE inside the wrapper module (so the
# versions its go.mod pins are the ones used) into $TOOLS_BIN/NAME. The binary is written beside
# its place and moved in whole, so an interrupted build never leaves a half-written tool behind.
go_build_into() {
  local name="$1" wrapper="$2" ldflags="$3" package="$4" tmp_bin
  tmp_bin="$(mktemp "$TOOLS_BIN/.$name.XXXXXX")"
  # shellcheck disable=SC2064 # the path is fixed now, on purpose
  trap "rm -f '$tmp_bin'" EXIT
  (cd "$wrapper" && CGO_ENABLED=0 "$GO" build -trimpath -ldflags "$ldflags" -o "$tmp_bin" "$package") >&2
  mv -f "$tmp_bin" "$TOOLS_BIN/$name"
  trap - EXIT
}
