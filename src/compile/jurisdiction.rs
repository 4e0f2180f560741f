//! ISO 3166-1 alpha-2 country codes, for checking party jurisdictions.

/// Officially assigned ISO 3166-1 alpha-2 codes, plus `XK` (Kosovo), which the UN system and
/// humanitarian data standards use as a user-assigned code.
const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL \
BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK \
DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU \
GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY \
MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU \
RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO \
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// True when `code` is a known jurisdiction code.
pub fn is_known(code: &str) -> bool {
    known(code).is_some()
}

/// The known jurisdiction code equal to `code`, as a static string: a decision's facts quote
/// countries without copying them. Two letters index a table, so this is a few instructions
/// (a decision may quote a rule's whole list of countries).
pub fn known(code: &str) -> Option<&'static str> {
    let &[a, b] = code.as_bytes() else {
        return None;
    };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return None;
    }
    let slot = usize::from(a - b'A') * 26 + usize::from(b - b'A');
    let at = usize::from(*INDEX.get(slot)?).checked_sub(1)?;
    CODES.get(3 * at..3 * at + 2)
}

/// For every two capital letters (`26 × first + second`): 1 + the code's place in `CODES`, or
/// 0 for a pair that is no code. Built when the program is compiled.
const INDEX: [u8; 26 * 26] = index();

// Indexing in a constant: a mistake fails the build, never a decision.
#[allow(clippy::indexing_slicing)]
const fn index() -> [u8; 26 * 26] {
    let codes = CODES.as_bytes();
    let mut table = [0u8; 26 * 26];
    let mut i = 0;
    while 3 * i + 1 < codes.len() {
        let slot = (codes[3 * i] - b'A') as usize * 26 + (codes[3 * i + 1] - b'A') as usize;
        // At most 250 codes: the place fits a byte.
        table[slot] = (i + 1) as u8;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_real_codes_only() {
        assert!(super::is_known("KE"));
        assert!(super::is_known("XK"));
        assert!(!super::is_known("KN1"));
        assert!(!super::is_known("ZZ"));
        assert!(!super::is_known("ke"));
        assert!(super::is_known("AD") && super::is_known("ZW"));
        assert!(!super::is_known("") && !super::is_known("A") && !super::is_known("AAA"));
        assert_eq!(super::known("KE"), Some("KE"));
        assert_eq!(super::known("k\u{e9}"), None);
    }

    #[test]
    fn the_list_is_sorted_three_bytes_per_code() {
        let codes: Vec<&str> = super::CODES.split(' ').collect();
        assert!(codes.iter().all(|c| c.len() == 2), "{codes:?}");
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(codes.len(), 250);
        for code in codes {
            assert!(super::is_known(code), "{code}");
        }
    }
}
