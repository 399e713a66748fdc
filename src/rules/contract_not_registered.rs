//! A labour contract shows no registration in the unified register (ЕСУТД).

use super::{Bundle, Finding, Rule, Severity};

/// What it checks: every labour contract shows that it was registered in the
/// unified system of labour-contract registration (ЕСУТД / ULARS); civil-law
/// contracts for works are exempt. Why it is a warning: registration happens
/// online and a printout may simply not show it, but an unregistered contract
/// is refused. How to fix: check the registration and attach the printout.
pub static RULE: Rule = Rule {
    code: "contract-not-registered",
    severity: Severity::Warning,
    summary: "The labour contract does not show registration in the unified register (ЕСУТД).",
    hint: "Check that the employer registered the contract in ЕСУТД and attach the registered version or the register's printout.",
    basis: "List of documents for a TRP for work: labour contract registered in ЕСУТД (ULARS)",
    explanation: "Checks that each labour contract mentions its registration in the unified system of registration of labour contracts (ЕСУТД, ULARS). Civil-law contracts for works are not registered there and are exempt. A warning, because the registration may exist without showing on the printout; confirm it with the employer.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .contracts()
        .filter(|(_, contract)| !contract.registered && !contract.civil_law)
        .map(|(doc, _)| RULE.about(doc, "the labour contract shows no registration in ЕСУТД."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    #[test]
    fn civil_law_contracts_are_exempt() {
        let mut documents = complete();
        let Fields::Contract(contract) = &mut documents[1].fields else {
            unreachable!()
        };
        contract.registered = false;
        assert_eq!(run(&RULE, &documents)[0].documents, ["contract.pdf"]);
        let Fields::Contract(contract) = &mut documents[1].fields else {
            unreachable!()
        };
        contract.civil_law = true;
        assert!(run(&RULE, &documents).is_empty());
    }
}
