// JUnitReport: transcript results as JUnit XML, the format CI systems read.

import Foundation

/// Writes a suite's results as JUnit XML: one `testsuite` per dialog, one `testcase` per transcript.
public enum JUnitReport {
    public static func xml(for suite: TranscriptSuite, seconds: Double) -> String {
        var groups: [(name: String, cases: [String], failures: Int, errors: Int)] = []
        func add(_ group: String, _ testCase: String, failure: Bool, error: Bool) {
            if let index = groups.firstIndex(where: { $0.name == group }) {
                groups[index].cases.append(testCase)
                groups[index].failures += failure ? 1 : 0
                groups[index].errors += error ? 1 : 0
            } else {
                groups.append((group, [testCase], failure ? 1 : 0, error ? 1 : 0))
            }
        }
        for result in suite.results {
            let dialog = result.session.dialog
            let file = result.transcript.file
            var testCase = "    <testcase classname=\"\(escape(dialog.id))\" name=\"\(escape(caseName(file)))\" file=\"\(escape(file))\""
            if result.passed {
                testCase += "/>"
            } else {
                let first = result.failures.first.map { "\($0.file):\($0.line): expected \($0.expected)" } ?? "failed"
                let details = result.failures.map(\.description).joined(separator: "\n")
                testCase += ">\n      <failure type=\"transcript\" message=\"\(escape(first))\">\(escape(details))</failure>\n    </testcase>"
            }
            add(dialog.file, testCase, failure: !result.passed, error: false)
        }
        for problem in suite.problems {
            let testCase = "    <testcase classname=\"intake\" name=\"\(escape(caseName(problem.file)))\" file=\"\(escape(problem.file))\">\n"
                + "      <error type=\"not run\" message=\"\(escape(problem.message.split(separator: "\n").first.map(String.init) ?? ""))\">\(escape(problem.description))</error>\n"
                + "    </testcase>"
            add("not run", testCase, failure: false, error: true)
        }
        let tests = suite.results.count + suite.problems.count
        let failures = groups.reduce(0) { $0 + $1.failures }
        let errors = groups.reduce(0) { $0 + $1.errors }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"intake test\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(String(format: "%.3f", seconds))\">",
        ]
        for group in groups {
            lines.append("  <testsuite name=\"\(escape(group.name))\" tests=\"\(group.cases.count)\" failures=\"\(group.failures)\" errors=\"\(group.errors)\">")
            lines += group.cases
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The transcript's name without its folder and extension.
    private static func caseName(_ file: String) -> String {
        let name = (file as NSString).lastPathComponent
        return name.hasSuffix(".transcript") ? String(name.dropLast(".transcript".count)) : name
    }

    /// Text made safe for XML attributes and content; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
