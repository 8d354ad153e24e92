//! A hand-written SVG: daily load against the centre's capacity, and SLA compliance
//! by body. No plotting crate: the picture is two bar charts.

use std::fmt::Write;

pub(crate) struct BodyCompliance {
    pub(crate) name: String,
    pub(crate) on_time: u64,
    pub(crate) late: u64,
    pub(crate) open_breached: u64,
}

/// `name` cut to `max` characters with an ellipsis, so labels stay left of the bars.
fn short(name: &str, max: usize) -> String {
    if name.chars().count() > max {
        name.chars()
            .take(max - 1)
            .chain(std::iter::once('…'))
            .collect()
    } else {
        name.to_owned()
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Renders the chart. `daily` is appeals per day; `capacity` the designed and the
/// on-demand daily capacity.
pub(crate) fn render(
    title: &str,
    daily: &[u32],
    capacity: (u32, u32),
    bodies: &[BodyCompliance],
) -> String {
    let (w, h1, row) = (960.0_f64, 320.0_f64, 22.0_f64);
    let h2 = 60.0 + row * bodies.len() as f64;
    let height = 60.0 + h1 + 40.0 + h2;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#fff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="20" y="28" font-size="16" font-weight="bold">{}</text>"#,
        esc(title)
    );
    // Daily load.
    let (x0, y0, pw, ph) = (60.0, 50.0, w - 100.0, h1 - 40.0);
    let top = f64::from(capacity.1.max(daily.iter().copied().max().unwrap_or(0))) * 1.05;
    let y = |v: f64| y0 + ph - v / top * ph;
    let bw = pw / daily.len().max(1) as f64;
    for (i, d) in daily.iter().enumerate() {
        let x = x0 + i as f64 * bw;
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#4a7ab7"><title>day {}: {} appeals</title></rect>"##,
            x + 1.0,
            y(f64::from(*d)),
            (bw - 2.0).max(1.0),
            y0 + ph - y(f64::from(*d)),
            i + 1,
            d
        );
        if (i + 1) % 5 == 0 || i == 0 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + bw / 2.0,
                y0 + ph + 16.0,
                i + 1
            );
        }
    }
    for (v, label, colour) in [
        (capacity.0, "designed capacity", "#d08a00"),
        (capacity.1, "on demand", "#c0392b"),
    ] {
        let yy = y(f64::from(v));
        let _ = writeln!(
            s,
            r#"<line x1="{x0}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="{colour}" stroke-dasharray="6 4"/>"#,
            x0 + pw
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" fill="{colour}" text-anchor="end">{label}: {v}/day</text>"#,
            x0 + pw,
            yy - 4.0
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{x0}" x2="{x0}" y1="{y0}" y2="{:.1}" stroke="#333"/>"##,
        y0 + ph
    );
    let _ = writeln!(
        s,
        r#"<text x="{x0}" y="{:.1}">appeals per day</text>"#,
        y0 - 6.0
    );
    // SLA compliance by body: stacked shares.
    let by = 60.0 + h1 + 20.0;
    let _ = writeln!(
        s,
        r#"<text x="20" y="{by:.1}" font-size="14" font-weight="bold">SLA compliance by body (resolved on time · late · open and breached)</text>"#
    );
    let (lx, bx, bwid) = (20.0, 400.0, w - 470.0);
    for (i, b) in bodies.iter().enumerate() {
        let yy = by + 16.0 + i as f64 * row;
        let total = (b.on_time + b.late + b.open_breached).max(1) as f64;
        let _ = writeln!(
            s,
            r#"<text x="{lx}" y="{:.1}"><title>{}</title>{}</text>"#,
            yy + 13.0,
            esc(&b.name),
            esc(&short(&b.name, 44))
        );
        let mut x = bx;
        for (v, colour) in [
            (b.on_time, "#2e8b57"),
            (b.late, "#e0a030"),
            (b.open_breached, "#c0392b"),
        ] {
            let wv = v as f64 / total * bwid;
            if wv > 0.0 {
                let _ = writeln!(
                    s,
                    r#"<rect x="{x:.1}" y="{yy:.1}" width="{wv:.1}" height="{:.1}" fill="{colour}"><title>{v}</title></rect>"#,
                    row - 6.0
                );
            }
            x += wv;
        }
        let pct = b.on_time as f64 / total * 100.0;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{pct:.1}%</text>"##,
            bx + bwid + 44.0,
            yy + 12.0
        );
    }
    s.push_str("</svg>\n");
    s
}
