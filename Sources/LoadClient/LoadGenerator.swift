// LoadGenerator: runs a load run: event loops, their drivers, memory sampling, and the merged report.
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Plays scripted sessions against a server over many connections and reports what it measured.
///
/// ```swift
/// var configuration = LoadConfiguration()
/// configuration.port = 2323
/// let report = try await LoadGenerator.run(scripts: scripts, configuration: configuration)
/// print(report.text)
/// ```
public enum LoadGenerator {
    /// A problem with the run's shape, before anything is sent.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(scripts: [LoadScript], configuration: LoadConfiguration) async throws -> LoadReport {
        guard !scripts.isEmpty else { throw SetupError(description: "there are no sessions to play") }
        guard configuration.connections > 0 else { throw SetupError(description: "at least one connection is needed") }
        if configuration.target == .sizedEcho, let unsized = scripts.first(where: { $0.replies == nil || $0.requests == nil }) {
            throw SetupError(description: "\(unsized.name): the same-bytes baseline needs the size of each reply (LoadScript.measuringReplies)")
        }
        let addresses: [SocketAddress]
        do {
            addresses = try ([configuration.port] + configuration.otherPorts).map {
                try SocketAddress.makeAddressResolvingHost(configuration.host, port: $0)
            }
        } catch {
            throw SetupError(description: "cannot resolve \(configuration.host): \(error)")
        }
        let threads = max(1, configuration.threads)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let memoryBefore = configuration.serverPIDs.flatMap(residentBytes)

        let begin = NIODeadline.now()
        let start = begin + .milliseconds(20)
        let windowStart = start + .nanoseconds(configuration.ramp.nanosecondsForNIO)
        let windowEnd = configuration.duration.flatMap { configuration.idle ? nil : windowStart + .nanoseconds($0.nanosecondsForNIO) }
        let greeted = NIOLockedValueBox(0)
        let plan = LoopDriver.Plan(
            scripts: scripts, configuration: configuration, addresses: addresses, start: start, windowStart: windowStart,
            windowEnd: windowEnd, totalSessions: configuration.sessionCount(scripts: scripts.count), greeted: greeted)

        var drivers: [NIOLoopBound<LoopDriver>] = []
        var results: [EventLoopFuture<LoadStats>] = []
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        for (index, loop) in loops.enumerated() {
            let slotNumbers = Array(stride(from: index, to: configuration.connections, by: loops.count))
            let finished = loop.makePromise(of: LoadStats.self)
            results.append(finished.futureResult)
            let driver = try await loop.submit {
                NIOLoopBound(LoopDriver(eventLoop: loop, plan: plan, slotNumbers: slotNumbers, finished: finished), eventLoop: loop)
            }.get()
            drivers.append(driver)
            loop.execute { driver.value.start() }
        }

        let peak = NIOLockedValueBox(memoryBefore ?? 0)
        let sampler: Task<Void, Never>? = configuration.serverPIDs.map { pids in
            Task {
                while !Task.isCancelled {
                    if let bytes = residentBytes(pids) { peak.withLockedValue { $0 = max($0, bytes) } }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }

        let driversDone = NIOLockedValueBox(0)
        for result in results {
            result.whenComplete { _ in driversDone.withLockedValue { $0 += 1 } }
        }

        // CPU over the measuring window, the server's (when its pid is known) and the client's own: on
        // a shared machine, turns per CPU second compare runs better than turns per second.
        let cpuWindow: Task<(server: Double?, client: Double)?, Never>? = windowEnd.map { windowEnd in
            Task {
                func sleep(until deadline: NIODeadline) async {
                    let wait = (deadline - NIODeadline.now()).nanoseconds
                    if wait > 0 { try? await Task.sleep(for: .nanoseconds(wait)) }
                }
                await sleep(until: windowStart)
                let serverStart = configuration.serverPIDs.flatMap(cpuSeconds)
                let clientStart = ProcessCPU.ownSeconds()
                await sleep(until: windowEnd)
                let serverEnd = configuration.serverPIDs.flatMap(cpuSeconds)
                let client = ProcessCPU.ownSeconds() - clientStart
                guard let serverStart, let serverEnd else { return (nil, client) }
                return (serverEnd - serverStart, client)
            }
        }

        var memoryAllOpen: Int?
        if configuration.idle {
            // Every connection greeted (or given up on), then the hold, then the memory with all of them open.
            let giveUp = ContinuousClock.now + configuration.ramp + configuration.timeout
            while greeted.withLockedValue({ $0 }) < configuration.connections, ContinuousClock.now < giveUp,
                  driversDone.withLockedValue({ $0 }) < results.count {
                try? await Task.sleep(for: .milliseconds(50))
            }
            try? await Task.sleep(for: configuration.duration ?? .seconds(1))
            memoryAllOpen = configuration.serverPIDs.flatMap(residentBytes)
            for driver in drivers {
                driver.eventLoop.execute { driver.value.releaseHeld() }
            }
        }

        var stats = LoadStats()
        for result in results {
            stats.merge(try await result.get())
        }
        sampler?.cancel()
        let cpu = await cpuWindow?.value
        let end = NIODeadline.now()
        try? await group.shutdownGracefully()

        let elapsed = Double((end - start).nanoseconds) / 1e9
        let window: Double
        if let duration = configuration.duration, !configuration.idle {
            window = Double(duration.nanosecondsForNIO) / 1e9
        } else {
            window = Double(Int64(max(stats.lastReply, windowStart.uptimeNanoseconds)) - Int64(windowStart.uptimeNanoseconds)) / 1e9
        }
        var memory: LoadReport.ServerMemory?
        if let memoryBefore {
            let peakBytes = peak.withLockedValue { $0 }
            let allOpen = memoryAllOpen ?? peakBytes
            memory = LoadReport.ServerMemory(
                before: memoryBefore, peak: peakBytes, allOpen: allOpen,
                perConnection: (allOpen - memoryBefore) / configuration.connections)
        }
        return LoadReport(
            target: configuration.target.rawValue, host: configuration.host, port: configuration.port,
            connections: configuration.connections, clientThreads: threads, offeredRate: configuration.rate,
            mode: configuration.idle ? "idle" : "load", scripts: scripts.count, windowSeconds: window, elapsedSeconds: elapsed,
            sessionsDone: stats.sessionsDone, sessionsFailed: stats.sessionsFailed, sessionsHeld: stats.sessionsHeld,
            turns: stats.turns, turnsPerSecond: window > 0 ? Double(stats.turnsInWindow) / window : 0,
            bytesReceived: stats.bytesReceived,
            turnLatencyMicroseconds: .init(stats.turnLatency), greetingLatencyMicroseconds: .init(stats.greetingLatency),
            serverMemory: memory, serverCPUSeconds: cpu?.server, clientCPUSeconds: cpu?.client,
            failures: stats.failures, passed: stats.sessionsFailed == 0)
    }

    /// The servers' memory together; nil when one cannot be read.
    private static func residentBytes(_ pids: [Int32]) -> Int? {
        let each = pids.compactMap { ProcessMemory.residentBytes(pid: $0) }
        return each.count == pids.count ? each.reduce(0, +) : nil
    }

    /// The servers' CPU seconds together; nil when one cannot be read.
    private static func cpuSeconds(_ pids: [Int32]) -> Double? {
        let each = pids.compactMap { ProcessCPU.seconds(pid: $0) }
        return each.count == pids.count ? each.reduce(0, +) : nil
    }
}
