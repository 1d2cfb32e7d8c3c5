using System.Globalization;
using System.Text;
using System.Xml;

namespace Harness.Reports.Writers;

/// <summary>
/// <c>junit.xml</c>: one test case per measurement (class model.variant.target, name the load), so
/// a CI system that reads JUnit shows each gate: a measurement that was not valid, missed its latency
/// objective or was rejected for accuracy is a failure; one that did not run is an error.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    public const string File = "junit.xml";

    public string Format => "junit";

    public string? FileName => File;

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFile.Write(destination, File, Render(report));
    }

    internal static string Render(RunReport report)
    {
        // Written to bytes, not a StringWriter, so the declaration says utf-8 (a string says utf-16).
        using var bytes = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(bytes, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", report.Scenario);
            Counts(xml, report.Gates);
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", report.Scenario);
            xml.WriteAttributeString("id", report.RunId);
            Counts(xml, report.Gates);
            foreach (var gate in report.Gates)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", $"{gate.Model}.{gate.Variant}.{gate.Target}");
                xml.WriteAttributeString("name", gate.Load);
                var element = gate.Outcome switch
                {
                    GateOutcome.Failed => "failure",
                    GateOutcome.Error => "error",
                    GateOutcome.Skipped => "skipped",
                    _ => null,
                };
                if (element is not null)
                {
                    xml.WriteStartElement(element);
                    xml.WriteAttributeString("message", string.Join("; ", gate.Reasons));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(bytes.ToArray()) + "\n";
    }

    private static void Counts(XmlWriter xml, IReadOnlyList<MeasurementGate> gates)
    {
        xml.WriteAttributeString("tests", gates.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", gates.Count(g => g.Outcome == GateOutcome.Failed).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", gates.Count(g => g.Outcome == GateOutcome.Error).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", gates.Count(g => g.Outcome == GateOutcome.Skipped).ToString(CultureInfo.InvariantCulture));
    }
}
