// EngineBenchmarks: session turns per second, allocations per turn, bytes per session, and dialog compile time.

import Benchmark
import DialogKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The repository root, from this file's path (Benchmarks/Benchmarks/EngineBenchmarks/...).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadDialog(_ relativePath: String) -> Dialog {
    let bytes = [UInt8](try! Data(contentsOf: repositoryRoot.appendingPathComponent(relativePath)))
    guard let dialog = DialogLoader.load(bytes: bytes, file: relativePath).dialog else { fatalError("\(relativePath) does not load") }
    return dialog
}

/// The answers a transcript types (its `>` lines).
func typedLines(of relativePath: String) -> [String] {
    let text = try! String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    return text.split(separator: "\n").filter { $0.hasPrefix(">") }.map { line in
        var typed = line.dropFirst()
        if typed.first == " " { typed = typed.dropFirst() }
        return String(typed)
    }
}

/// A dialog of about `steps` steps: groups of a number question, a `let`, and a `when` with a `say`.
func generatedDialog(steps: Int) -> [UInt8] {
    var yaml = "dialog: generated\nversion: 1\ntitle: Generated\nflow:\n"
    let groups = max(1, steps / 4)
    for index in 0..<groups {
        yaml += """
              - ask: q\(index)
                kind: number
                min: 0
                max: 100
                text: Question \(index)?
                help: Any number from 0 to 100.
              - let: v\(index)
                be: q\(index) + \(index)
              - when: v\(index) >= 50 and q\(index) < 90
                flow:
                  - say: Value {v\(index)} is high.

            """
    }
    yaml += "  - end: done\noutcomes:\n  done:\n    code: consult\n    text: Done.\n"
    return Array(yaml.utf8)
}

/// Resident memory of this process now, in bytes (/proc/self/statm), for the per-session estimate:
/// at 10,000 sessions the growth dwarfs the page granularity, and it counts allocator overhead too.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(4),
        maxIterations: 10_000_000
    )

    let migraine = loadDialog("Dialogs/migraine.yaml")
    let answers = typedLines(of: "Dialogs/tests/migraine/longest_path_47_questions.transcript")

    // One iteration is one turn: a typed answer read, matched and the flow run to the next question.
    // Sessions restart when the transcript runs out, so the cost of `start()` is included, spread.
    Benchmark("Session turn, migraine dialog (longest path)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var session = Session(dialog: migraine)
        blackHole(session.start())
        var next = 0
        for _ in benchmark.scaledIterations {
            if next == answers.count {
                session = Session(dialog: migraine)
                blackHole(session.start())
                next = 0
            }
            blackHole(session.receive(answers[next]))
            next += 1
        }
    }

    // Memory a session holds beyond the shared dialog: 100,000 sessions parked at the 20th question.
    // Measured once, first, as resident growth: later iterations would reuse pages the first freed.
    let parkedSessions = 100_000
    let before = residentBytes()
    var parked: [Session] = []
    parked.reserveCapacity(parkedSessions)
    for _ in 0..<parkedSessions {
        var session = Session(dialog: migraine)
        _ = session.start()
        for answer in answers.prefix(20) { _ = session.receive(answer) }
        parked.append(session)
    }
    let bytesPerSession = (residentBytes() - before) / parkedSessions
    parked.removeAll()
    Benchmark(
        "Memory per session, 100,000 sessions at question 20",
        // Throughput too, only because the JMH export that `make bench` reads skips a benchmark without it.
        configuration: .init(metrics: [.throughput, .custom("bytes per session", polarity: .prefersSmaller)], maxIterations: 1)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            benchmark.measurement(.custom("bytes per session"), bytesPerSession)
        }
    }

    Benchmark("Load and compile: migraine dialog") { benchmark in
        let bytes = [UInt8](try! Data(contentsOf: repositoryRoot.appendingPathComponent("Dialogs/migraine.yaml")))
        for _ in benchmark.scaledIterations {
            blackHole(DialogLoader.load(bytes: bytes, file: "migraine.yaml"))
        }
    }

    for steps in [100, 1_000, 3_000, 10_000] {
        let bytes = generatedDialog(steps: steps)
        Benchmark("Load and compile: generated dialog of \(steps) steps") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DialogLoader.load(bytes: bytes, file: "generated.yaml"))
            }
        }
    }
}
