// OperatorLog: `intake serve`'s own lines to the operator (serving, stopped, TLS reloads), in the --log-format chosen.

import ArgumentParser
import ChatServer
import Logging

extension LogFormat: ExpressibleByArgument {}

/// The lines `intake serve` writes itself, beside its log: in the text format exactly as they always
/// were (`intake: serving …`), in the JSON format as log messages of the label `intake`, so that a
/// log shipper reading standard error finds nothing but JSON lines.
struct OperatorLog {
    let format: LogFormat

    /// Makes every Logger of the process write in `format`, from `level` up.
    func bootstrap(level: Logger.Level) {
        let format = format
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    /// `line` is the text-format line, `intake: …` and its newline; in JSON the message is what follows `intake: `.
    func say(_ line: String, level: Logger.Level = .notice) {
        switch format {
        case .text:
            StandardError.write(line)
        case .json:
            var message = Substring(line)
            if message.hasPrefix("intake: ") { message = message.dropFirst("intake: ".count) }
            if message.hasPrefix("warning: ") { message = message.dropFirst("warning: ".count) }
            while message.last == "\n" { message = message.dropLast() }
            Logger(label: "intake").log(level: level, "\(message)")
        }
    }
}
