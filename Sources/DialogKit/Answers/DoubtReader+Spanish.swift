// DoubtReader+Spanish: the ways people say in Spanish that they do not know, read in a dialog in Spanish.

extension DoubtReader {
    /// Folded (no accents), with the spellings people type in a hurry ("nose" for "no sé", "nc"). "no se"
    /// is doubt even where it begins another sentence ("no se me quita"): at a red flag, reading doubt
    /// where there was none asks again or errs to safety; the other way round would be a "no".
    static let spanishPhrases: [(String, Doubt)] =
        [
            "no se", "no lo se", "nose", "nose si", "no se si", "yo que se", "que se yo", "no sabria decir", "no sabria decirle",
            "no sabria", "no lo sabria decir", "ni idea", "ni puta idea", "no tengo idea", "no tengo ni idea", "ni la menor idea",
            "no estoy seguro", "no estoy segura", "no estoy seguro a", "no estoy muy seguro", "no estoy muy segura",
            "no estoy del todo seguro", "no estoy del todo segura", "no se seguro", "no lo tengo claro", "no tengo claro",
            "no me acuerdo", "no recuerdo", "no lo recuerdo", "no me acuerdo bien", "no recuerdo bien", "no caigo",
            "quien sabe", "dificil de decir", "es dificil decir", "no puedo decir", "no puedo saberlo", "no sabe", "ns", "nsnc",
            "desconozco", "lo desconozco", "no creo", "creo que no", "no lo creo", "probablemente no", "quizas no", "tal vez no",
            "a lo mejor no", "igual no", "dudo", "lo dudo", "dudoso", "no estoy segur", "no toy seguro", "inseguro", "insegura",
            "no lo se bien", "no se bien", "ni se",
        ].map { ($0, Doubt.unsure) }
        + [
            "tal vez", "talvez", "quizas", "quiza", "quisas", "a lo mejor", "alomejor", "puede ser", "puede que",
            "podria ser", "podria", "posiblemente", "posible", "probablemente", "probable", "creo", "creo que", "creo que si",
            "me parece", "me parece que", "me parece que si", "supongo", "supongo que", "supongo que si", "capaz", "mas o menos",
            "masomenos", "como que", "diria que", "diria que si", "imagino", "imagino que", "pienso que", "igual si",
            "seguramente", "en principio", "eso creo",
        ].map { ($0, Doubt.hedge) }
}
