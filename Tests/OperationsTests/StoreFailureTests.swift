// StoreFailureTests: each database message of Data/store-failures.tsv is counted under the cause the table says.

import Foundation
import Testing
import TestSupport

@testable import AssessmentStore

@Suite struct StoreFailureTests {
    static let cases: [(message: String, cause: String)] = {
        let text = (try? String(contentsOfFile: Repository.path("Tests/OperationsTests/Data/store-failures.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t")
            return (String(fields[0]), String(fields[1]))
        }
    }()

    @Test func theTableIsThere() {
        #expect(Self.cases.count >= StoreFailure.Cause.allCases.count)
        #expect(Set(Self.cases.map(\.cause)) == Set(StoreFailure.Cause.allCases.map(\.rawValue)))
    }

    @Test(arguments: cases.map(\.message))
    func messageIsCountedUnderItsCause(_ message: String) {
        let expected = Self.cases.first { $0.message == message }?.cause
        #expect(StoreFailure(.database(message)).cause.rawValue == expected)
        #expect(StoreFailure(.database(message)).detail == message)
    }
}
