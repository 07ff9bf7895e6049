// LanguageStorageTests: the language a session was kept in, on both backends, in show, the exports and FHIR.

@testable import AssessmentStore
import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("The language a session was kept in")
struct LanguageStorageTests {
    static let dialogPath = "Tests/DialogKitTests/Data/translation/running/clinic.yaml"

    @Test("a session in Spanish is kept as es with the questions as shown; an English one as en", arguments: StoreFixtures.backends)
    func keptLanguage(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spanish = try RepositoryDialogs.load(Self.dialogPath, in: "es")
        let english = try RepositoryDialogs.load(Self.dialogPath)
        _ = StoreFixtures.converse(["no", "un lado", "4", "náuseas"], dialog: spanish, store: store)
        _ = StoreFixtures.converse(["no", "one side", "4", "nausea"], dialog: english, store: store)
        let kept = try store.finishedAssessments()
        #expect(kept.map(\.language).sorted() == ["en", "es"], "\(kept.map(\.language))")
        let inSpanish = try #require(kept.first { $0.language == "es" })
        #expect(inSpanish.answers.first?.question == "¿El dolor de cabeza llegó a lo peor en menos de un minuto?")
        #expect(ClinicianText.render(inSpanish).contains("Language:  es"), "\(ClinicianText.render(inSpanish))")
        #expect(TableExport.jsonLine(inSpanish).contains(#""language":"es""#))
        let response = FHIRResponses.response(inSpanish, dialog: spanish).text()
        #expect(response.contains(#""language":"es""#), "\(response)")
        let csv = TableExport.csv(kept, questionOrder: english.questions.map(\.id)).components(separatedBy: "\r\n")
        let column = try #require(csv[0].split(separator: ",").firstIndex(of: "language"))
        #expect(Set(csv.dropFirst().filter { !$0.isEmpty }.map { String($0.split(separator: ",", omittingEmptySubsequences: false)[column]) }) == ["en", "es"])
    }

    @Test("a session started in Spanish resumes in English by its code (the dialog's version is the same) and stays es")
    func resumedInAnotherLanguage() async throws {
        let (store, folder) = try await StoreFixtures.store(.sqlite)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spanish = try RepositoryDialogs.load(Self.dialogPath, in: "es")
        let english = try RepositoryDialogs.load(Self.dialogPath)
        let (started, _) = StoreFixtures.converse(["no"], dialog: spanish, store: store)
        let code = try #require(started.resumeCode)
        let (_, events) = StoreFixtures.converse(["resume \(code)", "one side", "4", "nausea"], dialog: english, store: store)
        #expect(events.contains { if case .outcome = $0 { true } else { false } }, "\(events)")
        let kept = try #require(try store.finishedAssessments().first)
        #expect(kept.language == "es")
        #expect(kept.answers.map(\.question).contains("Where is the pain?"), "the English part is kept as shown: \(kept.answers.map(\.question))")
    }

    @Test("the store speaks the dialog's language: the resume code, a wrong code, welcome back", arguments: StoreFixtures.backends)
    func storeTextsInSpanish(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spanish = try RepositoryDialogs.load(Self.dialogPath, in: "es")
        let (started, opening) = StoreFixtures.converse(["no"], dialog: spanish, store: store)
        let code = try #require(started.resumeCode)
        #expect(Self.said(opening).contains("Su código para continuar es \(code)"), "\(Self.said(opening))")
        let (_, wrong) = StoreFixtures.converse(["resume ZZZZ-ZZZZ-ZZZZ"], dialog: spanish, store: store)
        #expect(Self.said(wrong).contains("Ese código no se reconoce"), "\(Self.said(wrong))")
        let (_, back) = StoreFixtures.converse(["resume \(code)"], dialog: spanish, store: store)
        #expect(Self.said(back).contains("Bienvenido de nuevo. Su respuesta está guardada"), "\(Self.said(back))")
        #expect(!Self.said(back).contains("Welcome back"))
    }

    /// Every text of the events, one a line.
    static func said(_ events: [Event]) -> String {
        events.compactMap { event -> String? in
            switch event {
            case .say(let say): say.text
            case .retry(let retry): retry.text
            default: nil
            }
        }.joined(separator: "\n")
    }
}
