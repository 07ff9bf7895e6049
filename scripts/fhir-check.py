#!/usr/bin/env python3
"""Checks `intake export --questionnaire` and the exported QuestionnaireResponses with real FHIR tools.

For each dialog under the given paths, `intake test --fhir-out` writes its Questionnaire and, for each
transcript, the QuestionnaireResponse of its session with what the engine did (the questions asked,
each `let` value, the flags, the outcome). This script then

- parses the Questionnaire and every response with fhir.resources as FHIR R4 (4.0.1): any element
  that R4 does not have, a missing required element or a value of the wrong type fails;
- checks each response's answers against their items (type, answerOption codings, repeats), and
  that its items are nested and ordered as the Questionnaire's (R4);
- evaluates the Questionnaire's enableWhen (R4 rules, written out below) and its SDC
  enableWhenExpression, variable and calculatedExpression extensions with fhirpathpy on each
  response, and compares them with the engine: the same questions enabled as were asked (all of
  them for a transcript that reaches an outcome; at least those asked for one that stops before),
  and, at an outcome, the same `let` values, scores, flags and outcome;
- checks that the response answers each hidden `score.NAME` item with the engine's score, and each
  "other, please specify" item (`ID.other`, under the answer with that option) with the text kept.

Usage: fhir-check.py --intake .build/debug/intake Dialogs/
Exit status 1 when anything differs, with one line per difference.
"""

import argparse
import datetime
import json
import multiprocessing
import os
import glob
import subprocess
import sys
import tempfile
from decimal import Decimal

import fhir.resources
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse
from fhirpathpy import compile as compile_fhirpath
from fhirpathpy.engine.invocations.constants import systemtime
from fhirpathpy.models import models

ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
CALCULATED_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ANSWER_TYPE = {"boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger",
               "string": "valueString", "text": "valueString", "choice": "valueCoding",
               "date": "valueDate", "time": "valueTime"}


def extension(item, url):
    for element in item.get("extension", []):
        if element.get("url") == url:
            return element
    return None


def walk(items, parents=()):
    """Every item with the chain of items it stands in."""
    for item in items:
        yield item, parents
        yield from walk(item.get("item", []), parents + (item,))


def response_items(response):
    out = {}
    def visit(items):
        for item in items:
            out[item["linkId"]] = item
            visit(item.get("item", []))
            for answer in item.get("answer", []):
                visit(answer.get("item", []))
    visit(response.get("item", []))
    return out


def answer_values(item):
    values = []
    for answer in (item or {}).get("answer", []):
        values += [value for key, value in answer.items() if key.startswith("value")]
    return values


def same_answer(value, constant, key):
    if key == "answerCoding":
        return isinstance(value, dict) and value.get("system") == constant.get("system") and value.get("code") == constant.get("code")
    return value == constant


def compare(value, op, constant):
    if op == "=":
        return value == constant
    if op == "!=":
        return value != constant
    if isinstance(value, bool) or isinstance(value, (dict, str)):
        return False
    return {"<": value < constant, "<=": value <= constant, ">": value > constant, ">=": value >= constant}[op]


def enable_when_holds(condition, answers_by_link):
    """One R4 enableWhen: `exists` compares presence; every other operator is false without an answer."""
    key = next(k for k in condition if k.startswith("answer"))
    constant = condition[key]
    values = answer_values(answers_by_link.get(condition["question"]))
    op = condition["operator"]
    if op == "exists":
        return (len(values) > 0) == constant
    if not values:
        return False
    if key == "answerCoding":
        matches = any(same_answer(value, constant, key) for value in values)
        return matches if op == "=" else not matches
    return any(compare(value, op, constant) for value in values)


class Evaluator:
    def __init__(self, questionnaire, response, today):
        self.questionnaire = questionnaire
        self.response = response
        # `today()` is the session's date (the transcript's `today:`), so that a result does not
        # depend on the day the check runs; a session without one is given the tools' fixed date.
        self.now = datetime.datetime.combine(datetime.date.fromisoformat(today or "2026-01-15"), datetime.time(12, 0))
        self.environment = {"resource": response, "questionnaire": questionnaire}
        for element in questionnaire.get("extension", []):
            if element.get("url") == VARIABLE:
                expression = element["valueExpression"]
                self.environment[expression["name"]] = self.fhirpath(expression["expression"])

    # Parsing is most of the cost: each expression is compiled once for all the responses.
    compiled = {}

    def fhirpath(self, expression):
        function = Evaluator.compiled.get(expression)
        if function is None:
            function = compile_fhirpath(expression, models["r4"])
            Evaluator.compiled[expression] = function
        systemtime.now = lambda: self.now
        return function(self.response, dict(self.environment))

    def strict(self, expression, where):
        result = self.fhirpath(expression)
        if result not in ([True], [False]):
            raise ValueError(f"{where}: the expression gave {result!r}, not one true or false")
        return result == [True]

    def enabled(self, item, answers_by_link):
        conditions = item.get("enableWhen")
        expression = extension(item, ENABLE_WHEN_EXPRESSION)
        if conditions and expression:
            raise ValueError(f"{item['linkId']}: both enableWhen and enableWhenExpression")
        if expression:
            return self.strict(expression["valueExpression"]["expression"], f"{item['linkId']} enableWhenExpression")
        if not conditions:
            return True
        results = [enable_when_holds(condition, answers_by_link) for condition in conditions]
        return any(results) if item.get("enableBehavior") == "any" else all(results)


def plain(values):
    """A FHIRPath result as one JSON value: None for empty, the value for a single one."""
    if not values:
        return None
    if len(values) > 1:
        return values
    value = values[0]
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def same_value(value, expected):
    """The same JSON value, numbers within rounding."""
    if value == expected:
        return True
    numbers = (int, float)
    return (isinstance(value, numbers) and isinstance(expected, numbers) and not isinstance(value, bool)
            and not isinstance(expected, bool) and abs(value - expected) < 1e-9)


def check_scores(questionnaire, response, engine, where, problems):
    """The response answers each `score.NAME` item of the Questionnaire with the score the engine
    computed, and no other (a score the Questionnaire leaves out has no item to answer)."""
    items = {item["linkId"][6:] for item, _ in walk(questionnaire.get("item", [])) if item["linkId"].startswith("score.")}
    answered = {link[6:]: plain(answer_values(item)) for link, item in response_items(response).items() if link.startswith("score.")}
    for name in sorted(set(answered) | (set(engine["scores"]) & items)):
        if not same_value(answered.get(name), engine["scores"].get(name)):
            problems.append(f"{where}: the response gives the score `{name}` as {answered.get(name)!r}, the engine {engine['scores'].get(name)!r}")


def check_other_texts(response, engine, where, problems):
    """Each "other, please specify" text the engine kept answers its `ID.other` item, inside the answer
    with the option chosen; the response has no other such answer."""
    given = {}
    for link, item in response_items(response).items():
        for answer in item.get("answer", []):
            for child in answer.get("item", []):
                given[child["linkId"]] = (link, plain(answer_values(child)))
    for link in sorted(set(given) | set(engine["other"])):
        parent, text = given.get(link, (None, None))
        if text != engine["other"].get(link):
            problems.append(f"{where}: `{link}` is {text!r} in the response, {engine['other'].get(link)!r} in the engine")
        elif parent is not None and parent + ".other" != link:
            problems.append(f"{where}: `{link}` is answered under `{parent}`")


def check_nesting(questionnaire, response, where, problems):
    """R4: a response's items stand as the Questionnaire's do (a question inside its group, an item
    under a question inside that question's answer), in the Questionnaire's order."""
    siblings = {}
    types = {}
    def index(items, parent):
        for position, item in enumerate(items):
            siblings[item["linkId"]] = (parent, position)
            types[item["linkId"]] = item["type"]
            index(item.get("item", []), item["linkId"])
    index(questionnaire.get("item", []), None)
    def visit(items, parent):
        last = -1
        for item in items:
            link = item["linkId"]
            expected, position = siblings.get(link, (None, -1))
            if expected != parent:
                problems.append(f"{where}: `{link}` stands under {parent or 'the top'}, the Questionnaire has it under {expected or 'the top'}")
            elif position <= last:
                problems.append(f"{where}: `{link}` is out of the Questionnaire's order")
            last = max(last, position)
            if item.get("item") and types.get(link) != "group":
                problems.append(f"{where}: `{link}` holds items, but is no group (a question's go inside its answer)")
            visit(item.get("item", []), link)
            for answer in item.get("answer", []):
                visit(answer.get("item", []), link)
    visit(response.get("item", []), None)


def check_answers(questionnaire, response, where, problems):
    items = {item["linkId"]: item for item, _ in walk(questionnaire.get("item", []))}
    for link, item in response_items(response).items():
        definition = items.get(link)
        if definition is None:
            problems.append(f"{where}: the response answers `{link}`, which the Questionnaire does not have")
            continue
        answers = item.get("answer", [])
        if len(answers) > 1 and not definition.get("repeats"):
            problems.append(f"{where}: `{link}` has {len(answers)} answers but does not repeat")
        for answer in answers:
            keys = [key for key in answer if key.startswith("value")]
            expected = ANSWER_TYPE.get(definition["type"])
            if keys != [expected]:
                problems.append(f"{where}: `{link}` is answered with {keys}, its item of type {definition['type']} takes {expected}")
            if expected == "valueCoding" and keys == [expected]:
                offered = [option.get("valueCoding") for option in definition.get("answerOption", [])]
                if not any(same_answer(answer["valueCoding"], option, "answerCoding") for option in offered if option):
                    problems.append(f"{where}: `{link}` answers {answer['valueCoding'].get('code')}, not one of its answerOptions")


def check_documents(arguments):
    """check_dialog on a share of the documents, in a worker process: (responses checked, problems)."""
    questionnaire_path, documents = arguments
    problems = []
    return check_dialog(questionnaire_path, documents, problems), problems


def check_dialog(questionnaire_path, documents, problems):
    questionnaire = json.load(open(questionnaire_path))
    try:
        Questionnaire.parse_obj(questionnaire)
    except Exception as error:  # the validation error names every element that is wrong
        problems.append(f"{questionnaire_path}: not a valid R4 Questionnaire: {error}")
        return 0
    questions = [(item, parents) for item, parents in walk(questionnaire.get("item", []))
                 if item["type"] not in ("group", "display") and not extension(item, HIDDEN)]
    calculated = [item for item, _ in walk(questionnaire.get("item", [])) if extension(item, CALCULATED_EXPRESSION)]
    checked = 0
    for document_path in documents:
        document = json.load(open(document_path))
        where = document["transcript"]
        response, engine = document["response"], document["engine"]
        try:
            QuestionnaireResponse.parse_obj(response)
        except Exception as error:
            problems.append(f"{where}: its QuestionnaireResponse is not valid R4: {error}")
            continue
        check_answers(questionnaire, response, where, problems)
        check_scores(questionnaire, response, engine, where, problems)
        check_other_texts(response, engine, where, problems)
        check_nesting(questionnaire, response, where, problems)
        try:
            evaluator = Evaluator(questionnaire, response, engine.get("today"))
            answers_by_link = response_items(response)
            enabled = set()
            for item, parents in questions:
                if all(evaluator.enabled(chain, answers_by_link) for chain in parents + (item,)):
                    enabled.add(item["linkId"])
            asked = set(engine["asked"])
            finished = engine["outcome"] is not None
            if finished and enabled != asked:
                problems.append(f"{where}: enabled but not asked: {sorted(enabled - asked)}; asked but not enabled: {sorted(asked - enabled)}")
            elif not finished and not asked <= enabled:
                problems.append(f"{where}: asked but not enabled: {sorted(asked - enabled)}")
            if finished:
                flags = set()
                for item in calculated:
                    link = item["linkId"]
                    value = plain(evaluator.fhirpath(extension(item, CALCULATED_EXPRESSION)["valueExpression"]["expression"]))
                    if link.startswith("let."):
                        name = link[4:]
                        expected = engine["lets"].get(name)
                        if not same_value(value, expected):
                            problems.append(f"{where}: `let {name}` is {expected!r} in the engine, {value!r} by its calculatedExpression")
                    elif link.startswith("score."):
                        name = link[6:]
                        expected = engine["scores"].get(name)
                        if not same_value(value, expected):
                            problems.append(f"{where}: the score `{name}` is {expected!r} in the engine, {value!r} by its calculatedExpression")
                    elif link.startswith("flag.") and value is True:
                        flags.add(link[5:])
                    elif link == "intake.outcome" and value != engine["outcome"]:
                        problems.append(f"{where}: the outcome is {engine['outcome']!r}, {value!r} by its calculatedExpression")
                if flags != set(engine["flags"]):
                    problems.append(f"{where}: the flags are {sorted(engine['flags'])}, {sorted(flags)} by their calculatedExpressions")
        except Exception as error:
            problems.append(f"{where}: cannot evaluate the Questionnaire's expressions: {error}")
            continue
        checked += 1
    return checked


def translated_dialogs(paths):
    """The dialogs among `paths` (files, or the .yaml files of folders) with a translation beside them."""
    found = []
    for path in paths:
        files = [path] if path.endswith(".yaml") else sorted(glob.glob(os.path.join(path, "*.yaml")))
        for dialog in files:
            languages = sorted(name[len(os.path.basename(dialog)) - 4 : -3] for name in os.listdir(os.path.dirname(dialog) or ".")
                               if name.startswith(os.path.basename(dialog)[:-4]) and name.endswith(".po"))
            if languages:
                found.append((dialog, languages))
    return found


def check_translations(intake, dialog, languages, problems):
    """`intake export --questionnaire` of a translated dialog: valid R4, and every text a translation of its
    own in each language (a `translation` extension with lang and content) where the translation differs."""
    run = subprocess.run([intake, "export", "--questionnaire", dialog], capture_output=True, text=True)
    if run.returncode != 0:
        problems.append(f"{dialog}: export --questionnaire failed: {run.stderr.strip()}")
        return 0
    questionnaire = json.loads(run.stdout)
    try:
        Questionnaire.parse_obj(questionnaire)
    except Exception as error:  # fhir.resources raises pydantic's errors
        problems.append(f"{dialog}: the translated Questionnaire is not valid R4: {error}")
    seen = {}
    def visit(node):
        if isinstance(node, list):
            for element in node:
                visit(element)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key.startswith("_"):
                    for extension in value.get("extension", []):
                        if extension.get("url") != TRANSLATION:
                            continue
                        parts = {part["url"]: part for part in extension.get("extension", [])}
                        lang = parts.get("lang", {}).get("valueCode")
                        if not lang or not parts.get("content", {}).get("valueString"):
                            problems.append(f"{dialog}: a translation of {key[1:]} without lang or content")
                        seen[lang] = seen.get(lang, 0) + 1
                else:
                    visit(value)
    visit(questionnaire)
    for language in languages:
        if not seen.get(language):
            problems.append(f"{dialog}: no text of the Questionnaire is translated into {language}")
    return sum(seen.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intake", required=True, help="the intake binary")
    parser.add_argument("paths", nargs="+", help="dialogs, transcript folders (as `intake test` takes them)")
    arguments = parser.parse_args()
    if fhir.resources.__fhir_version__ != "4.0.1":
        print(f"fhir-check: fhir.resources {fhir.resources.__version__} is FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1", file=sys.stderr)
        return 1
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run([arguments.intake, "test", "--fhir-out", folder] + arguments.paths, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr, file=sys.stderr)
            print("fhir-check: the transcripts must pass first", file=sys.stderr)
            return 1
        dialogs = 0
        responses = 0
        shares = []
        workers = max(1, min(4, os.cpu_count() or 1))
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".questionnaire.json"):
                continue
            dialog = name[: -len(".questionnaire.json")]
            documents = sorted(os.path.join(folder, dialog, file) for file in os.listdir(os.path.join(folder, dialog)))
            shares += [(os.path.join(folder, name), documents[start::workers]) for start in range(workers)]
            dialogs += 1
        # fhirpathpy is pure Python: the responses are shared out between the cores.
        with multiprocessing.Pool(workers) as pool:
            for checked, found in pool.map(check_documents, shares):
                responses += checked
                problems += found
    translations = 0
    for dialog, languages in translated_dialogs(arguments.paths):
        translations += check_translations(arguments.intake, dialog, languages, problems)
    for problem in problems:
        print("FAIL " + problem)
    print(f"fhir-check: {translations} translated texts in the Questionnaires of translated dialogs")
    print(f"fhir-check: {dialogs} questionnaires, {responses} responses checked with fhir.resources "
          f"{fhir.resources.__version__} (FHIR {fhir.resources.__fhir_version__}) and fhirpathpy")
    print(f"fhir-check: {responses} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
