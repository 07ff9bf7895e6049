// StoreOptions: the --db option the storage commands share, opening the store, and reading dates and ages.

import ArgumentParser
import AssessmentStore
import Foundation

/// `--db PATH` for export, show and purge (chat has its own: there, no --db means nothing is stored).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The assessment store: a SQLite file, or postgres://user@host:port/database in a build with PostgreSQL (default: $XDG_DATA_HOME/intake/assessments.sqlite).", valueName: "path|url"))
    var db: String?

    /// What --db names, or the default file; a value that is no store this build knows exits 64.
    func location() throws -> StoreLocation {
        try storeLocation(db ?? StoreFile.defaultPath())
    }

    /// Opens the store for reading or deleting; a file that does not exist is an error, not a new store.
    func openExisting() throws -> AssessmentStore {
        let location = try location()
        if case .file(let path) = location, !FileManager.default.fileExists(atPath: path) {
            StandardError.write("intake: there is no assessment store at \(path) (nothing has been stored there yet; see --db).\n")
            throw ExitCode(1)
        }
        return try openStore(location)
    }
}

/// Reads a --db value, or says why it names no store this build can open and exits 64 (a usage error),
/// before anything is made: a URL of a kind Intake does not know must not become a local folder.
func storeLocation(_ value: String) throws -> StoreLocation {
    do {
        return try StoreLocation.parse(value)
    } catch {
        StandardError.write("intake: \(error)\n")
        throw ExitCode(64)
    }
}

/// Opens (or makes) the store at `location`, or says why not on standard error and exits 1.
func openStore(
    _ location: StoreLocation, synchronous: AssessmentStore.Synchronous = .full, attemptLimits: ResumeAttemptLimits = ResumeAttemptLimits(),
    onWrite: (@Sendable (StoreWriteReport) -> Void)? = nil
) throws -> AssessmentStore {
    var options = AssessmentStore.Options()
    options.synchronous = synchronous
    options.attemptLimits = attemptLimits
    options.onWrite = onWrite
    do {
        return try AssessmentStore(location, options: options)
    } catch {
        StandardError.write("intake: \(error)\n")
        throw ExitCode(1)
    }
}

/// Ages and dates as commands take them.
enum TimeArgument {
    /// "90d", "12h", "2w", "30m" as seconds; nil when not an age.
    static func age(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let count = Double(trimmed.dropLast()), count >= 0, count.isFinite else { return nil }
        switch unit {
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86_400
        case "w": return count * 7 * 86_400
        default: return nil
        }
    }

    /// A point in time: an ISO 8601 date-time (`2026-03-01T09:00:00Z`), a date (`2026-03-01`, local
    /// midnight), or an age before now (`7d`).
    static func instant(_ text: String, now: Date = Date()) -> Date? {
        if let age = age(text) { return now.addingTimeInterval(-age) }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = .current
        day.dateFormat = "yyyy-MM-dd"
        return day.date(from: text)
    }
}
