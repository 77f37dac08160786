/**
 * Legal notices as small businesses write them (names, registers and numbers are made up): a German
 * Impressum with several managing directors and a company as general partner, an English imprint, and
 * French mentions légales. Each mixes the labels, lists and layouts seen on real sites.
 */

const shell = (lang: string, title: string, body: string) =>
  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<style>.cookie-hint{display:none}</style></head>
<body><header><nav><a href="/">Start</a> <a href="/leistungen/">Leistungen</a> <a href="/kontakt/">Kontakt</a></nav></header>
<main>${body}</main>
<footer><a href="/impressum/">Impressum</a> · <a href="/datenschutz/">Datenschutz</a></footer></body></html>`;

export const GERMAN_IMPRESSUM = shell(
  'de',
  'Impressum – Köhler & Partner Steuerberatung',
  `<h1>Impressum</h1>
<h2>Angaben gemäß § 5 TMG</h2>
<p>Köhler &amp; Partner Steuerberatungsgesellschaft mbH<br>
Lindenallee 14<br>
50968 Köln</p>
<p><strong>Geschäftsführer:</strong> Dr. Jana Köhler, Dipl.-Kfm. Matthias Brandt und Sabine Oduya-Weber</p>
<p>Handelsregister: HRB 123456<br>Registergericht: Amtsgericht Köln</p>
<h3>Vertreten durch:</h3>
<p>Dr. Jana Köhler<br>Matthias Brandt</p>
<p>Persönlich haftende Gesellschafterin: Köhler Verwaltungs GmbH</p>
<p>Vertretungsberechtigte Gesellschafter: Prof. Dr. med. Ulrich Hahn (Vorsitzender), Lea Sommer</p>
<h3>Kontakt</h3>
<p>Telefon: 0221 555 01 20<br>E-Mail: kanzlei@koehler-partner-stb.de</p>
<h3>Umsatzsteuer-ID</h3>
<p>Umsatzsteuer-Identifikationsnummer gemäß § 27 a Umsatzsteuergesetz: DE999999999</p>
<p>Inhaltlich verantwortlich gemäß § 18 Abs. 2 MStV: Dr. Jana Köhler, Lindenallee 14, 50968 Köln</p>
<h3>Berufsbezeichnung und berufsrechtliche Regelungen</h3>
<p>Berufsbezeichnung: Steuerberater (verliehen in der Bundesrepublik Deutschland)<br>Zuständige Kammer: Steuerberaterkammer Köln</p>
<p>Streitschlichtung: Wir sind nicht bereit oder verpflichtet, an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.</p>`,
);

/** A one-person business: "Inhaberin", a registered merchant's "e.K.", the name on the line below its label. */
export const GERMAN_SOLE_TRADER = shell(
  'de',
  'Impressum – Blumen Vogt',
  `<h1>Impressum</h1>
<dl><dt>Inhaberin</dt><dd>Marie-Luise Vogt e.K.</dd>
<dt>Anschrift</dt><dd>Marktplatz 3, 79098 Freiburg</dd></dl>
<p>Vertreten durch die Geschäftsführerin Frau Hanna Stegmann.</p>`,
);

export const ENGLISH_IMPRINT = shell(
  'en',
  'Imprint – Northgate Joinery Ltd',
  `<h1>Imprint</h1>
<p>Northgate Joinery Ltd<br>Unit 4, Riverside Works<br>Leeds LS10 1AB<br>United Kingdom</p>
<table>
<tr><td>Managing Directors:</td><td>Oliver Grant, Priya Nair</td></tr>
<tr><td>Managing partner:</td><td>Dr. Helen McAllister</td></tr>
<tr><td>Registered in England and Wales:</td><td>Company No. 01234567</td></tr>
<tr><td>VAT number:</td><td>GB 123 4567 89</td></tr>
</table>
<p>Owner: Northgate Holdings Ltd</p>
<p>Represented by: Thomas O'Brien and Aisha Rahman</p>`,
);

export const FRENCH_MENTIONS = shell(
  'fr',
  'Mentions légales – Boulangerie Lefèvre',
  `<h1>Mentions légales</h1>
<h2>Éditeur du site</h2>
<p>Boulangerie Lefèvre SARL au capital de 10 000 €<br>12 rue des Lilas, 69003 Lyon<br>RCS Lyon 123 456 789</p>
<p>Gérant : M. Julien Lefèvre</p>
<p>Cogérante : Mme Claire Dubois-Lefèvre</p>
<p>Directeur de la publication : Julien Lefèvre</p>
<p>Responsable de la rédaction : Élodie Martin et Karim Benali</p>
<h2>Hébergement</h2>
<p>Le site est hébergé par OVH SAS, 2 rue Kellermann, 59100 Roubaix.</p>
<p>Représentée par son gérant, M. Julien Lefèvre.</p>`,
);

/** Aviso legal: Spanish labels, "y" between names, "D." and "Dña." as titles. */
export const SPANISH_AVISO = shell(
  'es',
  'Aviso legal – Clínica Dental Sonrisa',
  `<h1>Aviso legal</h1>
<p>Titular: Clínica Dental Sonrisa S.L., CIF B12345678</p>
<p>Administrador único: D. Javier Ortega Ruiz</p>
<p>Responsable: Dña. Lucía Fernández y Marta Gil</p>`,
);
