"""One renderer/router per CMS family (Liferay, Joomla, Drupal, ASP.NET WebForms, WordPress)."""
