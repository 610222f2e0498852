//! A SARIF 2.1.0 log of `check`'s diagnostics, for code scanning tools
//! (GitHub's `upload-sarif`, GitLab, editors): one run, one rule per
//! diagnostic code, one result per diagnostic.

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Severity};

use super::WorkingPaths;

/// The log as JSON.
pub fn log(problems: &[Diagnostic], paths: &WorkingPaths) -> Value {
    let mut codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .filter_map(|code| {
            crate::diagnostics::Code::ALL
                .iter()
                .find(|c| c.as_str() == *code)
        })
        .map(|code| rule(*code))
        .collect();
    let results: Vec<Value> = problems
        .iter()
        .map(|p| result(p, paths, codes.binary_search(&p.code.as_str()).unwrap_or(0)))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "handbook",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            // Columns count characters, not the UTF-16 units SARIF assumes by default.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A rule: its code, a name, what it means, and where the guide says what to do.
fn rule(code: crate::diagnostics::Code) -> Value {
    let name: String = code
        .as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    json!({
        "id": code.as_str(),
        "name": name,
        "shortDescription": { "text": code.danish() },
        "fullDescription": { "text": code.meaning() },
        "help": {
            "text": format!("{}. Beskeden ved hver fejl siger, hvad der er galt, og tippet, hvad du gør; se også »Fejlene og hvad du gør« i docs/redaktoervejledning.md.", code.danish()),
        },
    })
}

fn result(problem: &Diagnostic, paths: &WorkingPaths, rule_index: usize) -> Value {
    let level = match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = match &problem.hint {
        Some(hint) => format!("{}\ntip: {hint}", problem.message),
        None => problem.message.clone(),
    };
    let mut result = json!({
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": text },
    });
    if let Some(file) = paths.of(&problem.file) {
        let mut location = json!({ "artifactLocation": { "uri": uri(&file) } });
        if let Some(line) = problem.line {
            let mut region = json!({ "startLine": line });
            if let Some(column) = problem.column {
                region["startColumn"] = json!(column);
            }
            location["region"] = region;
        }
        result["locations"] = json!([{ "physicalLocation": location }]);
    }
    result
}

/// A path as a relative URI reference: `/` kept, everything but unreserved
/// ASCII percent-encoded (spaces and æøå occur in file names).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use std::path::Path;

    #[test]
    fn one_rule_per_code_and_results_point_at_them() {
        let paths = WorkingPaths::new(Path::new("."), &std::env::current_dir().unwrap());
        let problems = [
            Diagnostic::error("content/æ ø.md", Code::Vocabulary, "m")
                .at(5, 9)
                .hint("h"),
            Diagnostic::warning("content/b.md", Code::MissingDate, "w"),
            Diagnostic::error("content/c.md", Code::Vocabulary, "n").at(1, 1),
        ];
        let log = log(&problems, &paths);
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0]["id"], "missing-date");
        assert_eq!(rules[0]["name"], "MissingDate");
        assert_eq!(
            rules[0]["shortDescription"]["text"],
            "Advarsel: en case uden dato"
        );
        assert_eq!(
            rules[0]["fullDescription"]["text"],
            Code::MissingDate.meaning()
        );
        assert!(
            rules[1]["help"]["text"]
                .as_str()
                .unwrap()
                .contains("redaktoervejledning")
        );
        let first = &run["results"][0];
        assert_eq!(first["ruleIndex"], 1);
        assert_eq!(first["level"], "error");
        assert_eq!(first["message"]["text"], "m\ntip: h");
        assert_eq!(
            first["locations"][0]["physicalLocation"],
            json!({"artifactLocation": {"uri": "content/%C3%A6%20%C3%B8.md"}, "region": {"startLine": 5, "startColumn": 9}})
        );
        assert!(
            run["results"][1]["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
    }
}
