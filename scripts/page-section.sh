# page-section: sourced by the bench scripts that write a section of docs/performance.md of their own (TLS, PostgreSQL).

# put_section NAME FILE WORK: docs/performance.md keeps FILE between its NAME markers (WORK is a scratch file); a page
# without the markers gets them and FILE at its end; no page, nothing to do (bench.sh writes it and adds the sections).
put_section() {
    local name=$1 section=$2 work=$3
    [ -f docs/performance.md ] || return 0
    if grep -q "^<!-- $name: begin -->\$" docs/performance.md; then
        awk -v section="$section" -v begin="<!-- $name: begin -->" -v end="<!-- $name: end -->" '
            $0 == begin { print; while ((getline line < section) > 0) print line; skipping = 1; next }
            $0 == end { skipping = 0 }
            !skipping' docs/performance.md >"$work"
    else
        { cat docs/performance.md; echo; echo "<!-- $name: begin -->"; cat "$section"; echo "<!-- $name: end -->"; } >"$work"
    fi
    cp "$work" docs/performance.md
}
