// ShowCommand: `intake show REFERENCE`: one kept assessment as text for a clinician.

import ArgumentParser
import AssessmentStore
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one kept assessment for a clinician, by the reference the person quoted.",
        discussion: "Exit status: 1 when no assessment has that reference."
    )

    @Argument(help: ArgumentHelp("The reference, such as K7PX-2M4Q (case and hyphen do not matter).", valueName: "reference"))
    var reference: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard ReadableCode.normalized(reference, length: ReadableCode.referenceLength) != nil else {
            StandardError.write("intake: \(reference) is not a reference: a reference has 8 letters and digits, such as K7PX-2M4Q.\n")
            throw ExitCode(1)
        }
        let opened = try store.openExisting()
        let found: StoredAssessment?
        do {
            found = try opened.assessment(reference: reference)
        } catch {
            StandardError.write("intake: \(error)\n")
            throw ExitCode(1)
        }
        guard let found else {
            StandardError.write("intake: no assessment in \(try store.location()) has the reference \(reference.uppercased()).\n")
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(ClinicianText.render(found).utf8))
    }
}
