using System.Globalization;
using System.Text;
using System.Xml;

namespace Harness.Reports.Gate.Writers;

/// <summary>
/// The gate as JUnit XML: one test case per gated measurement (class model.variant.target, name
/// the load). A regression is a failure, an inconclusive measurement is skipped with its reason,
/// so a CI system's test view shows what failed and what could not be judged.
/// </summary>
public static class GateJUnitWriter
{
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var bytes = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(bytes, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "latency-gate");
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", "latency-gate " + report.Scenario);
            xml.WriteAttributeString("tests", report.Measurements.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", report.Count(GateVerdict.Regression).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", report.Count(GateVerdict.Inconclusive).ToString(CultureInfo.InvariantCulture));
            foreach (var m in report.Measurements)
            {
                var slash = m.Id.LastIndexOf('/');
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", slash < 0 ? m.Id : m.Id[..slash].Replace('/', '.'));
                xml.WriteAttributeString("name", slash < 0 ? m.Id : m.Id[(slash + 1)..]);
                var element = m.Verdict switch
                {
                    GateVerdict.Regression => "failure",
                    GateVerdict.Inconclusive => "skipped",
                    _ => null,
                };
                if (element is not null)
                {
                    xml.WriteStartElement(element);
                    xml.WriteAttributeString("message", GateVerdicts.Name(m.Verdict) + ": " + string.Join("; ", m.Reasons));
                    xml.WriteEndElement();
                }

                xml.WriteElementString("system-out", string.Join("\n", m.Reasons));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(bytes.ToArray()) + "\n";
    }
}
