// IncludePathTests: where an `include:` leads, resolved without touching files: relative to the including
// file, and never outside the folder of the dialog first loaded.

@testable import DialogKit
import Testing

@Suite("Include paths")
struct IncludePathTests {
    @Test("include paths stay relative and inside the dialog's folder", arguments: [
        ("blocks/a.yaml", "Dialogs/migraine.yaml", "Dialogs/blocks/a.yaml"),
        ("./a.yaml", "Dialogs/blocks/b.yaml", "Dialogs/blocks/a.yaml"),
        ("../shared/a.yaml", "Dialogs/blocks/b.yaml", "Dialogs/shared/a.yaml"),
        ("a.yaml", "/srv/d/x.yaml", "/srv/d/a.yaml"),
        ("a.yaml", "x.yaml", "a.yaml"),
        ("../a.yaml", "x.yaml", nil),
        ("../../etc/passwd", "Dialogs/blocks/b.yaml", nil),
        ("../Dialogs/a.yaml", "Dialogs/x.yaml", nil),
        ("/etc/passwd", "Dialogs/x.yaml", nil),
        ("~/a.yaml", "Dialogs/x.yaml", nil),
        ("C:\\\\a.yaml", "Dialogs/x.yaml", nil),
        ("", "Dialogs/x.yaml", nil),
    ] as [(String, String, String?)])
    func includePaths(written: String, from: String, expected: String?) {
        // The root is the folder of the dialog first loaded: `Dialogs` for these (`/srv/d`, or none).
        let root = from.hasPrefix("/") ? "/srv/d" : (from.contains("/") ? "Dialogs" : "")
        #expect(DialogReader.includePath(written, from: from, root: root).path == expected)
    }
}
