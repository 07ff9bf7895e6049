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
            #expect(try StoreLocation.parse(row.value, environment: [:]) == .file(path: row.value))
        case .unknown:
            try Self.expectRefusal(row, saying: row.says ?? "\u{0}")
        case .postgres:
            let address = try PostgresAddress(url: row.value, environment: [:])
            #expect(address.description == row.says)
            if StoreLocation.postgresIsBuilt {
                #expect(try StoreLocation.parse(row.value, environment: [:]) == .postgres(address))
            } else {
                try Self.expectRefusal(row, saying: "PostgreSQL")
            }
        case .badpostgres:
            let refusal = try #require(throws: PostgresAddress.Refusal.self) { try PostgresAddress(url: row.value, environment: [:]) }
            #expect(refusal.description.contains(row.says ?? "\u{0}"), "\(refusal)")
            try Self.expectRefusal(row, saying: StoreLocation.postgresIsBuilt ? row.says ?? "\u{0}" : "PostgreSQL")
        }
    }

    static func expectRefusal(_ row: StoreLocationCase, saying word: String) throws {
        let refusal = try #require(throws: StoreLocation.Refusal.self) { try StoreLocation.parse(row.value, environment: [:]) }
        #expect(refusal.description.contains(word), "\(refusal)")
        #expect(refusal.description.hasPrefix("--db"), "\(refusal)")
        if let password = row.password, password.count > 2 {
            #expect(!refusal.description.contains(password), "the message quotes the password")
        }
    }

    @Test("What the URL leaves out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, as psql reads them")
    func environment() throws {
        let environment = [
            "PGHOST": "db.clinic.example", "PGPORT": "6432", "PGUSER": "kiosk", "PGPASSWORD": "pä🔑", "PGDATABASE": "intake",
            "PGSSLMODE": "require", "PGCONNECT_TIMEOUT": "3", "USER": "someone",
        ]
        let all = try PostgresAddress(url: "postgres:", environment: environment)
        #expect(all.host == "db.clinic.example" && all.port == 6432 && all.user == "kiosk" && all.password == "pä🔑")
        #expect(all.database == "intake" && all.sslMode == .require && all.connectTimeout == 3)
        #expect(!all.description.contains("pä🔑"))
        let some = try PostgresAddress(url: "postgresql://admin:x@other:7000/records?sslmode=disable", environment: environment)
        #expect(some.host == "other" && some.port == 7000 && some.user == "admin" && some.password == "x")
        #expect(some.database == "records" && some.sslMode == .disable)
        // Nothing said anywhere: libpq's defaults, the login name as user and database.
        let none = try PostgresAddress(url: "postgres://", environment: ["USER": "someone"])
        #expect(none.isSocket && none.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(none.user == "someone" && none.database == "someone" && none.password == nil && none.sslMode == .prefer)
        #expect(throws: PostgresAddress.Refusal.self) { try PostgresAddress(url: "postgres:", environment: ["PGPORT": "big"]) }
        #expect(throws: PostgresAddress.Refusal.self) { try PostgresAddress(url: "postgres:", environment: ["PGSSLMODE": "on"]) }
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
