#include "analysis/report_document.hpp"

#include <fmt/format.h>

namespace glassml::analysis {
namespace {
std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}
/// HTML of a text: escaped, with `code` spans as <code>.
std::string inline_html(const std::string& s) {
  std::string out;
  bool code = false;
  for (char c : escape_html(s)) {
    if (c == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
    } else {
      out += c;
    }
  }
  return code ? out + "</code>" : out;
}
std::string escape_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

void ReportDocument::heading(int level, std::string text) {
  Block b;
  b.kind = Block::Kind::Heading;
  b.level = level;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
}
void ReportDocument::paragraph(std::string text) {
  Block b;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
}
void ReportDocument::bullets(std::vector<std::string> items) {
  Block b;
  b.kind = Block::Kind::Bullets;
  b.rows.push_back(std::move(items));
  blocks_.push_back(std::move(b));
}
void ReportDocument::figure(std::string png, std::string caption) {
  Block b;
  b.kind = Block::Kind::Figure;
  b.text = std::move(caption);
  b.png = std::move(png);
  blocks_.push_back(std::move(b));
}
void ReportDocument::table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows, std::string caption) {
  Block b;
  b.kind = Block::Kind::Table;
  b.text = std::move(caption);
  b.header = std::move(header);
  b.rows = std::move(rows);
  blocks_.push_back(std::move(b));
}

std::string ReportDocument::markdown() const {
  std::string s;
  for (const Block& b : blocks_) {
    switch (b.kind) {
      case Block::Kind::Heading: s += fmt::format("{:#>{}} {}\n\n", "", b.level, b.text); break;
      case Block::Kind::Paragraph: s += fmt::format("{}\n\n", b.text); break;
      case Block::Kind::Bullets:
        for (const auto& item : b.rows[0]) s += fmt::format("- {}\n", item);
        s += "\n";
        break;
      case Block::Kind::Figure: s += fmt::format("![{}]({})\n\n*{}*\n\n", b.png, b.png, b.text); break;
      case Block::Kind::Table: {
        if (!b.text.empty()) s += fmt::format("{}\n\n", b.text);
        std::string head = "|", rule = "|";
        for (const auto& h : b.header) head += fmt::format(" {} |", escape_cell(h)), rule += "---|";
        s += fmt::format("{}\n{}\n", head, rule);
        for (const auto& row : b.rows) {
          std::string line = "|";
          for (const auto& c : row) line += fmt::format(" {} |", escape_cell(c));
          s += line + '\n';
        }
        s += "\n";
        break;
      }
    }
  }
  return s;
}

std::string ReportDocument::html(const std::string& title) const {
  std::string s = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n"
      "<style>body{{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}} img{{max-width:100%}}"
      " table{{border-collapse:collapse;margin:0.5em 0}} td,th{{border:1px solid #bbb;padding:2px 8px;text-align:right}}"
      " figcaption{{font-style:italic;margin-bottom:1.5em}}</style></head><body>\n",
      escape_html(title));
  for (const Block& b : blocks_) {
    switch (b.kind) {
      case Block::Kind::Heading: s += fmt::format("<h{0}>{1}</h{0}>\n", b.level, escape_html(b.text)); break;
      case Block::Kind::Paragraph: s += "<p>" + inline_html(b.text) + "</p>\n"; break;
      case Block::Kind::Bullets:
        s += "<ul>\n";
        for (const auto& item : b.rows[0]) s += "<li>" + inline_html(item) + "</li>\n";
        s += "</ul>\n";
        break;
      case Block::Kind::Figure:
        s += fmt::format("<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n", escape_html(b.png),
                         escape_html(b.png), escape_html(b.text));
        break;
      case Block::Kind::Table:
        if (!b.text.empty()) s += "<p>" + escape_html(b.text) + "</p>\n";
        s += "<table><tr>";
        for (const auto& h : b.header) s += "<th>" + escape_html(h) + "</th>";
        s += "</tr>\n";
        for (const auto& row : b.rows) {
          s += "<tr>";
          for (const auto& c : row) s += "<td>" + escape_html(c) + "</td>";
          s += "</tr>\n";
        }
        s += "</table>\n";
        break;
    }
  }
  return s + "</body></html>\n";
}

}  // namespace glassml::analysis
