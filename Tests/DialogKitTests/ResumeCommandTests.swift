// ResumeCommandTests: `resume CODE`, the kept session's command, recognised with the other command words.

import DialogKit
import Testing

@Suite("The resume command")
struct ResumeCommandTests {
    @Test(
        "resume and /resume, in any case, give what follows them; anything else is not the command",
        arguments: [
            ("resume K7PX-R2M4-QH9T", "K7PX-R2M4-QH9T"),
            ("  Resume k7px r2m4 qh9t  ", "k7px r2m4 qh9t"),
            ("/RESUME k7pxr2m4qh9t", "k7pxr2m4qh9t"),
            ("resume", ""),
            ("resume\u{7}", ""),
            ("resumes K7PX", nil),
            ("I want to resume", nil),
            ("no", nil),
        ] as [(String, String?)])
    func argument(line: String, code: String?) {
        #expect(ResumeCommand.argument(in: line) == code)
    }
}
