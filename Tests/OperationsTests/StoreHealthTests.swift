// StoreHealthTests: a failed write holds the health at failing for its hold, each failure again; the probe sees free space.

import AssessmentStore
import Foundation
import Operations
import Testing
import TestSupport

@Suite struct StoreHealthTests {
    @Test func aFailureHoldsTheCheckAtFailingThenLetsGo() throws {
        let folder = try TemporaryDirectory()
        let clock = MovedClock()
        try Data().write(to: URL(fileURLWithPath: folder.path + "/store.sqlite"))
        let health = StoreHealth(file: folder.path + "/store.sqlite", failureHold: .seconds(5), now: { clock.now })
        #expect(health.problem() == nil)
        health.wrote(StoreWriteReport(duration: .milliseconds(1), failure: StoreFailure(cause: .locked, detail: "database is locked")))
        #expect(health.problem() == "store failing: locked")
        clock.move(.seconds(4))
        // A write that was kept does not end the hold: the next may fail as the last did.
        health.wrote(StoreWriteReport(duration: .milliseconds(1), failure: nil))
        #expect(health.problem() == "store failing: locked")
        clock.move(.seconds(1))
        #expect(health.problem() == nil)
    }

    @Test func theProbeSeesTooLittleSpaceAFileRemovedAndAFolderGone() throws {
        let folder = try TemporaryDirectory()
        let file = folder.path + "/store.sqlite"
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(StoreHealth(file: file).problem() == nil)
        let full = StoreHealth(file: file, minimumFreeBytes: .max)
        #expect(full.problem()?.hasPrefix("store failing: disk_full") == true)
        try FileManager.default.removeItem(atPath: file)
        #expect(StoreHealth(file: file).problem() == "store failing: file_gone (the file was removed)")
        let gone = StoreHealth(file: folder.path + "/no/such/folder/store.sqlite")
        #expect(gone.problem()?.hasPrefix("store failing: file_gone") == true)
    }
}
