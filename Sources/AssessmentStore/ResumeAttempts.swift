// ResumeAttempts: wrong resume codes counted in the store, per client address and per code, so the limit holds across servers.

import Foundation

/// How many wrong resume codes the store lets through in a window, whatever server they came to.
///
/// Two counts, both over the rows of the `resume_attempt` table that are younger than `window`:
/// - per address: wrong codes from one client address (a person mistyping, or one machine guessing);
/// - per code: wrong tries of codes that begin with the same four characters, from any address. A
///   code is never kept whole: its first four characters (30⁴ groups, leaving 30⁸ codes in each)
///   cannot resume anything, but they catch someone who saw part of a code guessing the rest from
///   many addresses. A right code is never counted.
public struct ResumeAttemptLimits: Sendable, Equatable {
    /// Wrong codes from one address before it is refused (10).
    public var perAddress = 10
    /// Wrong tries of codes sharing their first four characters, from anywhere, before they are refused (5).
    public var perCode = 5
    /// How far back the counts look (15 minutes).
    public var window: TimeInterval = 15 * 60

    /// The characters of a normalized code that the table keeps.
    static let keptPrefix = 4

    public init() {}
}

extension AssessmentStore {
    /// A resume code about to be claimed, as the limit sees it.
    struct AttemptCheck: Sendable {
        var address: String
        /// The code's first characters (`ResumeAttemptLimits.keptPrefix`), never the whole code.
        var codePrefix: String
        var now: Date
        var limits: ResumeAttemptLimits

        var since: Date { now.addingTimeInterval(-limits.window) }
    }

    /// Whether a code may be tried now.
    enum AttemptVerdict: Sendable, Equatable {
        case allowed
        /// Refused until `until`: the oldest counted attempt then leaves the window.
        case refused(until: Date)
    }

    /// Counts the wrong codes in the window from this address and for this code's prefix.
    func checkAttempt(address: String, code: String) -> PendingWrite<AttemptVerdict> {
        backend.checkAttempt(AttemptCheck(
            address: address, codePrefix: String(code.prefix(ResumeAttemptLimits.keptPrefix)),
            now: options.now(), limits: options.attemptLimits))
    }

    /// Records one wrong code (and forgets those that left the window).
    func recordWrongAttempt(address: String, code: String) -> PendingWrite<Bool> {
        backend.recordWrongAttempt(AttemptCheck(
            address: address, codePrefix: String(code.prefix(ResumeAttemptLimits.keptPrefix)),
            now: options.now(), limits: options.attemptLimits))
    }
}

extension AssessmentStore.AttemptCheck {
    /// The verdict from the two counts and the oldest attempt of each.
    func verdict(byAddress: (count: Int, oldest: Date?), byCode: (count: Int, oldest: Date?)) -> AssessmentStore.AttemptVerdict {
        var until: Date?
        if byAddress.count >= limits.perAddress, let oldest = byAddress.oldest { until = oldest.addingTimeInterval(limits.window) }
        if byCode.count >= limits.perCode, let oldest = byCode.oldest {
            let codeUntil = oldest.addingTimeInterval(limits.window)
            until = max(until ?? codeUntil, codeUntil)
        }
        return until.map { .refused(until: max($0, now.addingTimeInterval(1))) } ?? .allowed
    }
}
