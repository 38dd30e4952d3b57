#pragma once
// The text of a report as a list of blocks (headings, paragraphs, figures with captions, tables),
// rendered to Markdown and to a self-contained HTML page that shows the same things.
#include <string>
#include <vector>

namespace glassml::analysis {

class ReportDocument {
 public:
  void heading(int level, std::string text);
  void paragraph(std::string text);
  void bullets(std::vector<std::string> items);
  void figure(std::string png, std::string caption);
  void table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows, std::string caption);

  std::string markdown() const;
  std::string html(const std::string& title) const;

 private:
  struct Block {
    enum class Kind { Heading, Paragraph, Bullets, Figure, Table } kind = Kind::Paragraph;
    int level = 0;
    std::string text, png;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // Bullets: rows[0] are the items
  };
  std::vector<Block> blocks_;
};

}  // namespace glassml::analysis
