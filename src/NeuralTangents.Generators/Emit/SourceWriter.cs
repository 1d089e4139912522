using System.Text;

namespace NeuralTangents.Generators.Emit;

/// <summary>An indented text writer for generated C# (four spaces per level, '\n' line ends).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line without trailing spaces).</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents.</summary>
    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Dedents and writes a closing brace followed by <paramref name="suffix"/>.</summary>
    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Indents the following lines one more level.</summary>
    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    /// <summary>Dedents the following lines one level.</summary>
    public SourceWriter Dedent()
    {
        _indent--;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
