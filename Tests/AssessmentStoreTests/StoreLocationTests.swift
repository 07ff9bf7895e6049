// StoreLocationTests: every --db value of Tests/Data/store/locations.tsv read in-process: a path stays a path, a URL is never one.

@testable import AssessmentStore
import Foundation
import Testing
import TestSupport

@Suite("Store locations (--db)")
struct StoreLocationTests {
    @Test("A --db value is a path, or a URL this build keeps, or refused with a clear message", arguments: StoreLocationCase.all)
    func reads(_ row: StoreLocationCase) throws {
        switch row.kind {
        case .file:
            #expect(try StoreLocation.parse(row.value) == .file(path: row.value))
        case .unknown, .postgres:
            let refusal = try #require(throws: StoreLocation.Refusal.self) { try StoreLocation.parse(row.value) }
            #expect(refusal.description.contains(row.says ?? "\u{0}"), "\(refusal)")
            #expect(refusal.description.contains("--db"), "\(refusal)")
            if let password = row.password { #expect(!refusal.description.contains(password), "the message quotes the password") }
        }
    }

    @Test("The scheme is read as RFC 3986 has it, whatever its case; a colon alone does not make a URL")
    func schemes() {
        #expect(StoreLocation.urlScheme(of: "Foo+Bar.x-1://h") == "foo+bar.x-1")
        #expect(StoreLocation.urlScheme(of: "postgresql:") == "postgresql")
        #expect(StoreLocation.urlScheme(of: "foo:bar") == nil)
        #expect(StoreLocation.urlScheme(of: "fö://x") == nil)
        #expect(StoreLocation.urlScheme(of: "://x") == nil)
        #expect(StoreLocation.urlScheme(of: "") == nil)
    }
}
